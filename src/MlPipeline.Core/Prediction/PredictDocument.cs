namespace MlPipeline.Core.Prediction;

/// <summary>What <c>predict --json</c> prints for a folder written to a file: a contract users parse.</summary>
public sealed record PredictDocument(
    string Output, int Predicted, int Failed, int BelowConfidence, int Resumed, int ResumedFailed, double ImagesPerSecond, double ElapsedSeconds)
{
    /// <summary>The document of a run that wrote to <paramref name="output"/>.</summary>
    public static PredictDocument From(PredictSummary summary, string output)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new PredictDocument(
            output, summary.Predicted, summary.Failed, summary.BelowConfidence, summary.Resumed, summary.ResumedFailed, summary.ImagesPerSecond, summary.Elapsed.TotalSeconds);
    }
}
