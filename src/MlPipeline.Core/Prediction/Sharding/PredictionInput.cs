namespace MlPipeline.Core.Prediction.Sharding;

/// <summary>An image to predict: where it is, and the path its row shows.</summary>
/// <param name="FullPath">Absolute path of the file.</param>
/// <param name="RelativePath">Relative to the input folder with '/' separators; the file name for a single-file input.</param>
public sealed record PredictionInput(string FullPath, string RelativePath);
