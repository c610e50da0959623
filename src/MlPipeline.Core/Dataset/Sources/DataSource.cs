using MlPipeline.Core.Dataset.LabelFiles;

namespace MlPipeline.Core.Dataset.Sources;

/// <summary>
/// Where a labeled dataset is read from: a folder of class folders (<c>--data</c>) or a label file (<c>--labels</c>).
/// Both become the same <see cref="LabeledDataset"/>, so splits, refusals, reports and fingerprints treat them alike.
/// </summary>
public sealed record DataSource
{
    private DataSource(string? folder, LabelFileOptions? labels) => (Folder, Labels) = (folder, labels);

    /// <summary>The dataset folder, or null for a label file.</summary>
    public string? Folder { get; }

    /// <summary>The label file, or null for a folder.</summary>
    public LabelFileOptions? Labels { get; }

    /// <summary>What messages call it: the folder or the label file, as given.</summary>
    public string Name => Labels?.File ?? Folder!;

    /// <summary>The option and value that name it on the command line (for hints such as doctor's command).</summary>
    public string Argument => Labels is { } l
        ? $"--labels {l.File}" + (l.ImagesRoot is { } root ? $" --images-root {root}" : "")
        : $"--data {Folder}";

    /// <summary>A folder of class folders.</summary>
    public static DataSource FromFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new DataSource(folder, null);
    }

    /// <summary>The one source that a folder option and a label-file option name, or null when neither is given.</summary>
    /// <param name="folder">The folder option's value, or null.</param>
    /// <param name="labels">The label-file option's value, or null.</param>
    /// <param name="folderOption">The folder option's name, for the message.</param>
    /// <param name="labelsOption">The label-file option's name, for the message.</param>
    /// <exception cref="MlPipelineException">Both are given (usage error).</exception>
    public static DataSource? Either(string? folder, LabelFileOptions? labels, string folderOption, string labelsOption)
    {
        if (folder is not null && labels is not null)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"{folderOption} and {labelsOption} exclude each other: pass a folder of class folders or a label file.");
        }

        return labels is not null ? new DataSource(null, labels) : folder is not null ? new DataSource(folder, null) : null;
    }

    /// <summary>Like <see cref="Either"/>, for a source the command needs.</summary>
    /// <exception cref="MlPipelineException">Both or neither are given (usage error).</exception>
    public static DataSource Required(string? folder, LabelFileOptions? labels, string folderOption = "--data", string labelsOption = "--labels") =>
        Either(folder, labels, folderOption, labelsOption)
        ?? throw new MlPipelineException(ExitCode.UsageError, $"Give the data with {folderOption} (a folder of class folders) or {labelsOption} (a CSV or TSV of path and label).");

    /// <summary>Scans the folder or reads the label file.</summary>
    /// <exception cref="MlPipelineException">See <see cref="DatasetScanner.Scan"/> and <see cref="LabelFile.Read"/>.</exception>
    public LabeledDataset Load() => Labels is { } labels ? LabelFile.Read(labels, readLabels: true).ToDataset() : DatasetScanner.Scan(Folder!);

    /// <summary>Whether both name the same folder or the same label file (links resolved).</summary>
    public bool SameAs(DataSource other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (Labels, other.Labels) switch
        {
            (null, null) => RealPath.Resolve(Folder!) == RealPath.Resolve(other.Folder!),
            ({ } a, { } b) => RealPath.Resolve(a.File) == RealPath.Resolve(b.File),
            _ => false,
        };
    }
}
