namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>Which columns of a label file's header hold the image path and the label.</summary>
/// <param name="Path">Index of the path column.</param>
/// <param name="Label">Index of the label column, or null when labels are not read (predict without one).</param>
public sealed record LabelFileColumns(int Path, int? Label)
{
    // The names Kaggle, fastai's from_csv and Keras' flow_from_dataframe files use, compared case-insensitively.
    private static readonly string[] PathNames = ["path", "file", "filename", "image", "id"];
    private static readonly string[] LabelNames = ["label", "class", "category"];

    /// <summary>
    /// Finds the columns in <paramref name="header"/>: the named ones, else the first header matching a known name,
    /// else the first column for paths and the next one for labels.
    /// </summary>
    /// <param name="header">The header's fields.</param>
    /// <param name="pathColumn">The path column's name as given, or null to detect it.</param>
    /// <param name="labelColumn">The label column's name as given, or null to detect it.</param>
    /// <param name="readLabels">Whether labels are read at all (predict reads only paths).</param>
    /// <returns>The columns, or the reason none fit.</returns>
    public static (LabelFileColumns? Columns, string? Problem) Find(IReadOnlyList<string> header, string? pathColumn, string? labelColumn, bool readLabels)
    {
        ArgumentNullException.ThrowIfNull(header);
        var path = pathColumn is not null ? Index(header, pathColumn) : Known(header, PathNames) ?? 0;
        if (path is null)
        {
            return (null, $"the header has no column '{pathColumn}' (columns: {string.Join(", ", header)}); name the path column with --path-column.");
        }

        if (!readLabels)
        {
            return (new LabelFileColumns(path.Value, null), null);
        }

        var label = labelColumn is not null
            ? Index(header, labelColumn)
            : Known(header, LabelNames) ?? Enumerable.Range(0, header.Count).Cast<int?>().FirstOrDefault(i => i != path);
        if (label is null)
        {
            return (null, labelColumn is null
                ? $"the header has only one column ({header[path.Value]}); a label file needs a path column and a label column."
                : $"the header has no column '{labelColumn}' (columns: {string.Join(", ", header)}); name the label column with --label-column.");
        }

        return label == path
            ? (null, $"the path and the label cannot both come from the column '{header[path.Value]}'.")
            : (new LabelFileColumns(path.Value, label), null);
    }

    private static int? Known(IReadOnlyList<string> header, string[] names) =>
        names.Select(name => Index(header, name)).FirstOrDefault(i => i is not null);

    private static int? Index(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }
}
