namespace MlPipeline.Core.Pipeline;

/// <summary>
/// Temperature scaling (Guo et al. 2017): one number T that divides every logit, fitted on held-out images by
/// minimizing the negative log-likelihood. It leaves every argmax, so every predicted label, unchanged.
/// </summary>
public static class TemperatureScaling
{
    /// <summary>The smallest temperature a fit returns.</summary>
    /// <remarks>A validation split the head gets entirely right drives the likelihood's optimum to T = 0 (certainty); the bound keeps a few dozen correct images from making every later probability 1.</remarks>
    public const double MinTemperature = 0.05;

    /// <summary>The largest temperature a fit returns.</summary>
    public const double MaxTemperature = 20;

    /// <summary>The temperature that minimizes the mean negative log-likelihood of <paramref name="labels"/>.</summary>
    /// <param name="logits">Each image's logits (any per-image constant may be added: softmax ignores it).</param>
    /// <param name="labels">Each image's true class index.</param>
    public static double Fit(IReadOnlyList<float[]> logits, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.Count == 0 || logits.Count != labels.Count)
        {
            throw new ArgumentException("One label per logit vector, and at least one of each.", nameof(labels));
        }

        // The NLL is convex in the inverse temperature (a log-sum-exp of functions linear in it), so a safeguarded
        // Newton iteration on it finds the one minimum; steps that do not lower the loss are halved.
        var (minInverse, maxInverse) = (1 / MaxTemperature, 1 / MinTemperature);
        var inverse = 1.0;
        var loss = Loss(logits, labels, inverse).Value;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var (_, gradient, curvature) = Loss(logits, labels, inverse);
            if (Math.Abs(gradient) < 1e-10)
            {
                break;
            }

            var step = curvature > 1e-12 ? -gradient / curvature : -Math.Sign(gradient) * inverse;
            var improved = false;
            for (var halving = 0; halving < 40 && !improved; halving++, step /= 2)
            {
                var candidate = Math.Clamp(inverse + step, minInverse, maxInverse);
                var candidateLoss = Loss(logits, labels, candidate).Value;
                if (candidateLoss < loss)
                {
                    (inverse, loss, improved) = (candidate, candidateLoss, true);
                }
            }

            if (!improved)
            {
                break;
            }
        }

        return 1 / inverse;
    }

    /// <summary>Mean negative log-likelihood of <paramref name="labels"/> under softmax(logits / T).</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<float[]> logits, IReadOnlyList<int> labels, double temperature)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        return Loss(logits, labels, 1 / temperature).Value;
    }

    // Value, first and second derivative in the inverse temperature b: d/db = E[z] - z_y, d2/db2 = Var[z] under softmax(b z).
    private static (double Value, double Gradient, double Curvature) Loss(IReadOnlyList<float[]> logits, IReadOnlyList<int> labels, double inverse)
    {
        double value = 0, gradient = 0, curvature = 0;
        for (var i = 0; i < logits.Count; i++)
        {
            var z = logits[i];
            var max = double.NegativeInfinity;
            foreach (var v in z)
            {
                max = Math.Max(max, inverse * v);
            }

            double sum = 0, mean = 0, square = 0;
            foreach (var v in z)
            {
                var weight = Math.Exp((inverse * v) - max);
                sum += weight;
                mean += weight * v;
                square += weight * v * v;
            }

            mean /= sum;
            value += max + Math.Log(sum) - (inverse * z[labels[i]]);
            gradient += mean - z[labels[i]];
            curvature += Math.Max(0, (square / sum) - (mean * mean));
        }

        return (value / logits.Count, gradient / logits.Count, curvature / logits.Count);
    }
}
