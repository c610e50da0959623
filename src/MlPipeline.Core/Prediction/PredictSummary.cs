using MlPipeline.Core.Prediction.Output;

namespace MlPipeline.Core.Prediction;

/// <summary>What a <c>predict</c> run did.</summary>
/// <param name="OutputPath">The file rows went to; null when they went to stdout (or nowhere, for a single image).</param>
/// <param name="Predicted">Images predicted in this run.</param>
/// <param name="Failed">Images that could not be read in this run.</param>
/// <param name="BelowConfidence">Images predicted in this run whose label is unknown because of <c>--min-confidence</c>.</param>
/// <param name="Resumed">Images skipped because the resumed output file already had their row.</param>
/// <param name="ResumedFailed">Of those, rows that hold an error.</param>
/// <param name="SingleImage">The row of a single-file input; null for a folder, or for a single file already in the resumed output.</param>
/// <param name="Elapsed">Wall-clock time of this run's predictions, model loading excluded.</param>
public sealed record PredictSummary(
    string? OutputPath,
    int Predicted,
    int Failed,
    int BelowConfidence,
    int Resumed,
    int ResumedFailed,
    PredictionRow? SingleImage,
    TimeSpan Elapsed) : IRunResult
{
    /// <summary>Images per second over this run's predictions and failures.</summary>
    public double ImagesPerSecond => (Predicted + Failed) / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>
    /// <see cref="ExitCode.SomeInputsFailed"/> when any row of the output has an error (resumed rows included),
    /// else <see cref="ExitCode.Success"/>.
    /// </summary>
    public ExitCode ExitCode => Failed + ResumedFailed > 0 ? ExitCode.SomeInputsFailed : ExitCode.Success;
}
