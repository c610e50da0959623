using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// One input's result from <see cref="ScoringEngine"/>: its backbone output and, for a classifier, its prediction;
/// or the reason it could not be read. Results come out in input order, errors in their place.
/// </summary>
/// <param name="Index">Position in the input list.</param>
/// <param name="Source">The path or upload name the result belongs to.</param>
/// <param name="ContentSha256">SHA-256 of the file's bytes; null when the file could not be read.</param>
/// <param name="Output">The backbone's output for this image (the pooled features); null on error.</param>
/// <param name="Prediction">The head's prediction; null on error or when the engine runs a bare backbone.</param>
/// <param name="Error">Why the input could not be scored; null on success.</param>
public sealed record ScoredImage(int Index, string Source, string? ContentSha256, float[]? Output, ImagePrediction? Prediction, string? Error)
{
    /// <summary>Whether the input was read and scored.</summary>
    public bool Succeeded => Error is null;
}
