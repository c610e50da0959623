namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>One data row of a label file, as written.</summary>
/// <param name="Line">The line the row starts on, counting the header as line 1 (blank lines included), for messages.</param>
/// <param name="Path">The image path or id, trimmed.</param>
/// <param name="Label">The label, trimmed; null when labels are not read.</param>
public sealed record LabelFileRow(int Line, string Path, string? Label);
