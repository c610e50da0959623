namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>A label file read and resolved: its images in file order, and the rows left out.</summary>
/// <param name="File">Absolute path of the label file.</param>
/// <param name="Sha256">SHA-256 of its bytes, recorded in the manifest.</param>
/// <param name="Root">The images root, absolute.</param>
/// <param name="Images">One entry per distinct image, in file order.</param>
/// <param name="Skipped">Rows left out: an image listed again with the same label, or something that is not a regular file.</param>
public sealed record LabelFileContents(string File, string Sha256, string Root, IReadOnlyList<ListedImage> Images, IReadOnlyList<ScanIssue> Skipped)
{
    /// <summary>The same dataset model a folder of class folders gives: classes sorted, images by class then path.</summary>
    public LabeledDataset ToDataset()
    {
        var classes = Images.Select(i => i.Label!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var images = Images
            .Select(i => new LabeledImage(i.FullPath, i.RelativePath, i.Label!))
            .OrderBy(i => i.Label, StringComparer.Ordinal)
            .ThenBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToList();
        return new LabeledDataset(Root, classes, images)
        {
            SkippedEntries = Skipped,
            ClassNameCollisions = DatasetScanner.Collisions(classes),
            LabelFile = File,
            LabelFileSha256 = Sha256,
        };
    }
}
