namespace MlPipeline.Core.Prediction.Output;

/// <summary>What an existing output file already holds.</summary>
/// <param name="Done">Paths of the complete rows.</param>
/// <param name="Failed">Complete rows that hold an error.</param>
/// <param name="CompleteLength">Bytes up to the end of the last complete line; anything after it is a cut-off row.</param>
/// <param name="HasHeader">Whether the CSV header is there in full (always false for JSON Lines).</param>
/// <param name="Labels">The labels the complete rows give, so a resume can tell rows of another model.</param>
internal sealed record ResumeState(IReadOnlySet<string> Done, int Failed, long CompleteLength, bool HasHeader, IReadOnlySet<string> Labels)
{
    public static ResumeState Empty { get; } = new(new HashSet<string>(), 0, 0, false, new HashSet<string>());
}
