using System.Text;
using MlPipeline.Core.Imaging;

namespace MlPipeline.Core.Dataset;

/// <summary>
/// Reads the folder-per-class layout: every visible subfolder of the root is a class, and every image file
/// below it (nested folders included) belongs to that class. Symbolic links follow <see cref="FolderWalker"/>'s policy.
/// </summary>
public static class DatasetScanner
{
    /// <summary>Lists classes and images without validating counts (see <see cref="DatasetValidation"/>).</summary>
    /// <exception cref="MlPipelineException">The folder does not exist.</exception>
    public static LabeledDataset Scan(string root)
    {
        var fullRoot = Path.GetFullPath(root);
        if (File.Exists(fullRoot))
        {
            throw new MlPipelineException(ExitCode.UsageError, DataPathKinds.FileGivenAsData(root));
        }

        if (!Directory.Exists(fullRoot))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Dataset folder not found: {root}");
        }

        // Split names are never trained or scored as classes; train reads a split root through TrainingData.
        if (SplitRoot.Detect(fullRoot) is { } splits)
        {
            throw new MlPipelineException(ExitCode.DataError, splits.OneSplitWanted());
        }

        var walker = new FolderWalker(fullRoot);
        var classDirs = new DirectoryInfo(fullRoot).EnumerateDirectories()
            .Where(d => !FolderWalker.IsHidden(d))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        if (classDirs.FirstOrDefault(d => FileNames.IsUndecodable(d.FullName)) is { } undecodable)
        {
            throw new MlPipelineException(
                ExitCode.DataError,
                $"Class folder name is not valid UTF-8: '{undecodable.Name}' (invalid bytes shown as U+FFFD) in {root}; rename it, since a class name must be text.");
        }

        // Real class folders first, so that a symlinked class folder never claims another class's images.
        foreach (var classDir in classDirs.Where(d => d.LinkTarget is null))
        {
            walker.Walk(classDir, classDir.Name, recursive: true);
        }

        foreach (var classDir in classDirs.Where(d => d.LinkTarget is not null))
        {
            walker.AddLink(classDir.FullName, classDir.Name);
        }

        walker.FollowLinks();
        var images = walker.Files
            .Select(f => new LabeledImage(f.Path, f.RelativePath, f.Owner))
            .OrderBy(i => i.Label, StringComparer.Ordinal)
            .ThenBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToList();
        var skippedLinks = walker.Issues.Select(i => i.RelativePath).ToHashSet(StringComparer.Ordinal);
        var classes = classDirs.Select(d => d.Name).Where(c => !skippedLinks.Contains(c)).ToList();
        return new LabeledDataset(fullRoot, classes, images)
        {
            SkippedEntries = walker.Issues,
            ClassNameCollisions = Collisions(classes),
            TopLevelImages = new DirectoryInfo(fullRoot).EnumerateFiles().Count(f => !FolderWalker.IsHidden(f) && ImageFileTypes.IsImage(f.Name)),
        };
    }

    /// <summary>Visible image files under a folder, recursively, with the symlink policy of <see cref="FolderWalker"/>.</summary>
    public static (IReadOnlyList<WalkedFile> Files, IReadOnlyList<ScanIssue> Issues) List(DirectoryInfo folder, bool recursive)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var walker = new FolderWalker(folder.FullName);
        walker.Walk(folder, "", recursive);
        walker.FollowLinks();
        return (walker.Files, walker.Issues);
    }

    /// <summary>Path relative to a root with '/' separators, so reports read the same on every OS.</summary>
    public static string RelativeTo(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The key under which class names collide: Unicode compatibility form, case ignored.</summary>
    public static string CollisionKey(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        return className.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
    }

    /// <summary>Groups of class names that share a <see cref="CollisionKey"/>.</summary>
    internal static List<IReadOnlyList<string>> Collisions(IEnumerable<string> classes) =>
        [.. classes.GroupBy(CollisionKey, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => (IReadOnlyList<string>)[.. g])];
}
