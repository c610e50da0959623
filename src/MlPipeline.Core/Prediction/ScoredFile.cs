using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Prediction;

/// <summary>One file's prediction, with the SHA-256 of its bytes (for dataset fingerprints, without reading it again).</summary>
public sealed record ScoredFile(ImagePrediction Prediction, string ContentSha256);
