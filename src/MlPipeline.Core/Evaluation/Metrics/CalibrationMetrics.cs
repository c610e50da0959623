namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>One confidence bin of a reliability diagram.</summary>
/// <param name="Lower">The bin's lower edge (exclusive, except for the first bin).</param>
/// <param name="Upper">The bin's upper edge (inclusive).</param>
/// <param name="Count">Images whose confidence falls in the bin.</param>
/// <param name="MeanConfidence">Their mean confidence (the top probability); 0 for an empty bin.</param>
/// <param name="Accuracy">The fraction of them predicted right; 0 for an empty bin.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// Whether the probabilities mean what they say: a model that is right 80 % of the time when it says 0.8 is calibrated.
/// </summary>
/// <param name="ExpectedCalibrationError">ECE: the count-weighted mean of |accuracy - confidence| over <see cref="BinCount"/> equal-width confidence bins (Guo et al. 2017).</param>
/// <param name="BrierScore">Mean over images of the squared distance between the probability vector and the one-hot true class, summed over classes (0 is perfect, 2 the worst).</param>
/// <param name="MeanConfidence">Mean top probability.</param>
/// <param name="Accuracy">Fraction predicted right (the top probability's class; ties go to the first class).</param>
/// <param name="Bins">The reliability diagram, <see cref="BinCount"/> bins from 0 to 1.</param>
public sealed record CalibrationMetrics(
    double ExpectedCalibrationError,
    double BrierScore,
    double MeanConfidence,
    double Accuracy,
    IReadOnlyList<ReliabilityBin> Bins)
{
    /// <summary>Equal-width confidence bins, as in Guo et al.</summary>
    public const int BinCount = 15;

    /// <summary>Measures probability vectors against true class indices.</summary>
    /// <exception cref="ArgumentException">No images, or a true class outside a probability vector.</exception>
    public static CalibrationMetrics Compute(IReadOnlyList<IReadOnlyList<float>> probabilities, IReadOnlyList<int> trueClasses)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(trueClasses);
        if (probabilities.Count == 0 || probabilities.Count != trueClasses.Count)
        {
            throw new ArgumentException("One true class per probability vector, and at least one of each.", nameof(trueClasses));
        }

        var counts = new int[BinCount];
        var confidenceSums = new double[BinCount];
        var correctCounts = new int[BinCount];
        double brier = 0, confidenceTotal = 0;
        var correctTotal = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = probabilities[i];
            var truth = trueClasses[i];
            if (truth < 0 || truth >= p.Count)
            {
                throw new ArgumentException($"True class {truth} is outside a vector of {p.Count} probabilities.", nameof(trueClasses));
            }

            var best = 0;
            for (var c = 0; c < p.Count; c++)
            {
                best = p[c] > p[best] ? c : best;
                var target = c == truth ? 1.0 : 0.0;
                brier += (p[c] - target) * (p[c] - target);
            }

            var confidence = (double)p[best];
            var correct = best == truth;
            // Bins are (k/15, (k+1)/15]; a confidence of exactly 0 goes to the first.
            var bin = Math.Clamp((int)Math.Ceiling(confidence * BinCount) - 1, 0, BinCount - 1);
            counts[bin]++;
            confidenceSums[bin] += confidence;
            correctCounts[bin] += correct ? 1 : 0;
            confidenceTotal += confidence;
            correctTotal += correct ? 1 : 0;
        }

        var n = probabilities.Count;
        var bins = Enumerable.Range(0, BinCount).Select(k => new ReliabilityBin(
            (double)k / BinCount,
            (double)(k + 1) / BinCount,
            counts[k],
            counts[k] > 0 ? confidenceSums[k] / counts[k] : 0,
            counts[k] > 0 ? (double)correctCounts[k] / counts[k] : 0)).ToList();
        var ece = bins.Sum(b => (double)b.Count / n * Math.Abs(b.Accuracy - b.MeanConfidence));
        return new CalibrationMetrics(ece, brier / n, confidenceTotal / n, (double)correctTotal / n, bins);
    }
}
