namespace MlPipeline.Core.Prediction.Output;

/// <summary>Picks the row format of an output file from its extension.</summary>
public static class PredictionFormats
{
    /// <summary>.csv or .jsonl, in any case.</summary>
    /// <exception cref="MlPipelineException">Any other extension (a usage error).</exception>
    public static PredictionFormat FromPath(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => PredictionFormat.Csv,
        ".JSONL" => PredictionFormat.Jsonl,
        _ => throw new MlPipelineException(ExitCode.UsageError, $"--output must end in .csv or .jsonl, got {path}."),
    };
}
