namespace MlPipeline.Core.Dataset;

/// <summary>A dataset folder as discovered on disk: its classes in label order and their images.</summary>
/// <param name="Root">Absolute path of the dataset folder.</param>
/// <param name="Classes">Class names, sorted ordinally; the index of a class is its label index.</param>
/// <param name="Images">All images, sorted by class then relative path.</param>
public sealed record LabeledDataset(string Root, IReadOnlyList<string> Classes, IReadOnlyList<LabeledImage> Images)
{
    /// <summary>Entries the scan left out, with the reason: symlinks it did not follow, non-regular files, undecodable folder names (see <see cref="FolderWalker"/>).</summary>
    public IReadOnlyList<ScanIssue> SkippedEntries { get; init; } = [];

    /// <summary>Image files directly in the root, outside every class folder (not part of the dataset).</summary>
    public int TopLevelImages { get; init; }

    /// <summary>Groups of class names that differ only in case or Unicode form (such as <c>Cat</c> and <c>cat</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> ClassNameCollisions { get; init; } = [];

    /// <summary>The label file the labels came from (absolute), or null for class folders.</summary>
    public string? LabelFile { get; init; }

    /// <summary>SHA-256 of <see cref="LabelFile"/>'s bytes, or null for class folders.</summary>
    public string? LabelFileSha256 { get; init; }

    /// <summary>Number of images per class, in class order.</summary>
    public IReadOnlyDictionary<string, int> CountsByClass() =>
        Classes.ToDictionary(c => c, c => Images.Count(i => i.Label == c), StringComparer.Ordinal);
}
