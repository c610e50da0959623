using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training;

/// <summary>What a training run produced.</summary>
/// <param name="ModelPath">The model zip written.</param>
/// <param name="MetricsPath">The metrics JSON written beside it.</param>
/// <param name="Manifest">How the model was made (also inside the zip).</param>
/// <param name="Validation">Held-out metrics; null when nothing was held out.</param>
/// <param name="Skipped">Files that could not be read.</param>
/// <param name="UnvalidatedClasses">Classes with a single image, trained on but not validated.</param>
/// <param name="FeaturizationImagesPerSecond">Backbone throughput of this run.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
/// <param name="CurvePath">The fine-tuning curve PNG written beside the model; null for a linear probe.</param>
public sealed record TrainResult(
    string ModelPath,
    string MetricsPath,
    ModelManifest Manifest,
    ClassificationReport? Validation,
    IReadOnlyList<SkippedImage> Skipped,
    IReadOnlyList<string> UnvalidatedClasses,
    double FeaturizationImagesPerSecond,
    TimeSpan Elapsed,
    string? CurvePath) : IRunResult
{
    /// <inheritdoc/>
    public ExitCode ExitCode => ExitCode.Success;
}
