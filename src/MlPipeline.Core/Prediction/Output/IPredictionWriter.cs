namespace MlPipeline.Core.Prediction.Output;

/// <summary>Writes rows to a text writer it does not own, one line each, flushed at once so nothing waits in memory.</summary>
internal interface IPredictionWriter
{
    void Write(PredictionRow row);
}
