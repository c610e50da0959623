namespace MlPipeline.Core.Dataset;

/// <summary>One image file of a labeled dataset.</summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="RelativePath">Path relative to the dataset root, with '/' separators, for reports.</param>
/// <param name="Label">Class name (the class folder's name).</param>
public sealed record LabeledImage(string Path, string RelativePath, string Label);
