namespace MlPipeline.ImageGen;

/// <summary>One file written by <see cref="SyntheticDataset.Generate"/>.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="ClassName">The class (and folder) it belongs to.</param>
/// <param name="Format">Its encoding.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Bytes">File size in bytes.</param>
public sealed record GeneratedImage(string Path, string ClassName, ImageFileFormat Format, int Width, int Height, long Bytes);
