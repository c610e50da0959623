using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training;

/// <summary>What <c>train --json</c> prints: a contract users parse.</summary>
/// <param name="Model">The model zip written.</param>
/// <param name="MetricsFile">The metrics JSON written beside it.</param>
/// <param name="Curve">The fine-tuning curve PNG written beside it; null for a linear probe.</param>
/// <param name="Manifest">How the model was made.</param>
/// <param name="Metrics">
/// Held-out (validation) metrics: the same record, under the same name, as <c>evaluate</c>'s <c>metrics</c> and
/// serve's <c>/model</c>; null when nothing was held out.
/// </param>
/// <param name="Skipped">Files that could not be read.</param>
/// <param name="UnvalidatedClasses">Classes with a single image, trained on but not validated.</param>
/// <param name="FeaturizationImagesPerSecond">Backbone throughput of this run.</param>
/// <param name="ElapsedSeconds">Wall-clock time of the whole run.</param>
public sealed record TrainDocument(
    string Model,
    string MetricsFile,
    string? Curve,
    ModelManifest Manifest,
    ClassificationReport? Metrics,
    IReadOnlyList<SkippedImage> Skipped,
    IReadOnlyList<string> UnvalidatedClasses,
    double FeaturizationImagesPerSecond,
    double ElapsedSeconds)
{
    /// <summary>The document of a finished run.</summary>
    public static TrainDocument From(TrainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TrainDocument(
            result.ModelPath,
            result.MetricsPath,
            result.CurvePath,
            result.Manifest,
            result.Validation,
            result.Skipped,
            result.UnvalidatedClasses,
            result.FeaturizationImagesPerSecond,
            result.Elapsed.TotalSeconds);
    }
}
