namespace MlPipeline.Core.Dataset;

/// <summary>
/// Reads the folder-per-class layout: every visible subfolder of the root is a class, and every image file
/// below it (nested folders included) belongs to that class.
/// </summary>
public static class DatasetScanner
{
    /// <summary>Lists classes and images without validating counts (see <see cref="DatasetValidation"/>).</summary>
    /// <exception cref="MlPipelineException">The folder does not exist.</exception>
    public static LabeledDataset Scan(string root)
    {
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Dataset folder not found: {root}");
        }

        var classDirs = new DirectoryInfo(fullRoot).EnumerateDirectories()
            .Where(d => !IsHidden(d))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

        var images = new List<LabeledImage>();
        foreach (var classDir in classDirs)
        {
            images.AddRange(EnumerateImages(classDir)
                .Select(f => new LabeledImage(f.FullName, RelativeTo(fullRoot, f.FullName), classDir.Name))
                .OrderBy(i => i.RelativePath, StringComparer.Ordinal));
        }

        return new LabeledDataset(fullRoot, [.. classDirs.Select(d => d.Name)], images);
    }

    /// <summary>Visible image files under a folder, recursively, skipping hidden files and folders.</summary>
    public static IEnumerable<FileInfo> EnumerateImages(DirectoryInfo folder)
    {
        foreach (var file in EnumerateOwnImages(folder))
        {
            yield return file;
        }

        foreach (var sub in folder.EnumerateDirectories().Where(d => !IsHidden(d)))
        {
            foreach (var file in EnumerateImages(sub))
            {
                yield return file;
            }
        }
    }

    /// <summary>Visible image files directly in a folder, not in its subfolders.</summary>
    public static IEnumerable<FileInfo> EnumerateOwnImages(DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.EnumerateFiles().Where(f => !IsHidden(f) && ImageFileTypes.IsImage(f.Name));
    }

    /// <summary>Path relative to a root with '/' separators, so reports read the same on every OS.</summary>
    public static string RelativeTo(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    // Dot-files are hidden on Unix; the Hidden attribute covers Windows and macOS metadata folders.
    private static bool IsHidden(FileSystemInfo info) =>
        info.Name.StartsWith('.') || info.Attributes.HasFlag(FileAttributes.Hidden);
}
