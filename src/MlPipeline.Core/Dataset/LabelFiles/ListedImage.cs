namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>An image a label file lists, resolved under the images root (it may not exist: the reader then reports it).</summary>
/// <param name="Line">The row's line in the label file.</param>
/// <param name="FullPath">Absolute path (an id without extension resolved to its one image file).</param>
/// <param name="RelativePath">Relative to the images root, '/' separators.</param>
/// <param name="Label">The label, or null when labels are not read.</param>
public sealed record ListedImage(int Line, string FullPath, string RelativePath, string? Label);
