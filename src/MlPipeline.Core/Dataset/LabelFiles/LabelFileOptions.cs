namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>A CSV or TSV file that maps image paths to labels (<c>--labels</c>), and how to read it.</summary>
/// <param name="File">The label file; its extension picks the delimiter (.csv comma, .tsv tab; otherwise sniffed from the header).</param>
public sealed record LabelFileOptions(string File)
{
    /// <summary>The folder the listed paths are relative to (<c>--images-root</c>); null means the label file's folder.</summary>
    public string? ImagesRoot { get; init; }

    /// <summary>The header of the path column (<c>--path-column</c>); null detects it (see <see cref="LabelFileColumns"/>).</summary>
    public string? PathColumn { get; init; }

    /// <summary>The header of the label column (<c>--label-column</c>); null detects it.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>The images root as an absolute path: <see cref="ImagesRoot"/>, or the label file's folder.</summary>
    /// <remarks>A method, not a property, so that the manifest's JSON holds only what was given.</remarks>
    public string FullImagesRoot() => Path.GetFullPath(ImagesRoot ?? Path.GetDirectoryName(Path.GetFullPath(File))!);
}
