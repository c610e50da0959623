using Microsoft.ML;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Training;

/// <summary>
/// The last step of <c>train</c>: temperature scaling of the final head on the validation split. It runs after the
/// epoch choice and the head's fit, which never see the temperature, and it changes no predicted label.
/// </summary>
internal static class HeadCalibration
{
    /// <summary>The manifest's name of the method.</summary>
    public const string Method = "temperature";

    /// <summary>The fewest validation images a temperature is fitted on.</summary>
    /// <remarks>On a handful of images, all predicted right, the fit would sharpen every later probability to near certainty.</remarks>
    public const int MinimumImages = 20;

    /// <summary>
    /// Fits the temperature on <paramref name="validation"/> and returns the head that applies it, with what it
    /// changed; or the head unchanged, no info, and why no temperature was fitted.
    /// </summary>
    public static (ITransformer Head, CalibrationInfo? Info, string? NotFitted) Fit(ClassifierHead head, ITransformer fitted, IReadOnlyList<FeaturizedImage> validation)
    {
        if (validation.Count < MinimumImages)
        {
            return (fitted, null, $"{validation.Count} validation images, fewer than {MinimumImages}");
        }

        var parameters = HeadParameters.From(fitted);
        var labelOf = head.Classes.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        List<float[]> logits = [.. validation.Select(i => parameters.Logits(i.Features))];
        List<int> labels = [.. validation.Select(i => labelOf[i.Source.Label])];

        // With no wrong image the likelihood keeps rising as T falls to 0, so the fit would only find its lower bound
        // and make every later probability near certain, however few images backed it.
        if (logits.Zip(labels).All(p => HeadParameters.ArgMax(p.First) == p.Second))
        {
            return (fitted, null, $"the head predicts all {validation.Count} validation images right, so the likelihood has no finite optimum");
        }

        var temperature = TemperatureScaling.Fit(logits, labels);
        var info = new CalibrationInfo(
            Method,
            temperature,
            validation.Count,
            TemperatureScaling.NegativeLogLikelihood(logits, labels, 1),
            TemperatureScaling.NegativeLogLikelihood(logits, labels, temperature),
            Ece(logits, labels, 1),
            Ece(logits, labels, temperature));
        return (head.WithTemperature(fitted, temperature), info, null);
    }

    private static double Ece(List<float[]> logits, List<int> labels, double temperature)
    {
        var probabilities = logits.Select(z => (IReadOnlyList<float>)HeadParameters.Softmax(z, temperature)).ToList();
        return CalibrationMetrics.Compute(probabilities, labels).ExpectedCalibrationError;
    }
}
