namespace MlPipeline.Core.Dataset;

/// <summary>A file that was skipped because it could not be read as an image.</summary>
public sealed record SkippedImage(string RelativePath, string Reason);
