namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>One image's outcome: what it is, what the model said, and the probabilities (pixels are not kept).</summary>
/// <param name="Path">Absolute path of the file, to draw thumbnails from later.</param>
/// <param name="RelativePath">Path relative to the evaluated folder, for reports.</param>
/// <param name="TrueLabel">The class folder the image is in.</param>
/// <param name="PredictedLabel">The model's most likely class.</param>
/// <param name="Scores">Probabilities in the model's class order.</param>
public sealed record EvaluatedImage(string Path, string RelativePath, string TrueLabel, string PredictedLabel, IReadOnlyList<float> Scores)
{
    /// <summary>Whether the prediction is wrong.</summary>
    public bool IsMistake => !string.Equals(TrueLabel, PredictedLabel, StringComparison.Ordinal);
}
