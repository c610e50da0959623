using System.Globalization;
using MlPipeline.Core.IO;

namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>
/// Reads a label file and resolves its rows under the images root: paths may not leave it, an id without extension
/// names its one image file, an image listed twice must keep its label, and a listed image that is missing stays
/// listed so that the reader skips and reports it as it does an unreadable file.
/// </summary>
public static class LabelFile
{
    /// <summary>Reads and resolves <paramref name="options"/>' file.</summary>
    /// <param name="options">The file and how to read it.</param>
    /// <param name="readLabels">Whether rows carry labels (predict reads only paths).</param>
    /// <exception cref="MlPipelineException">A missing or unreadable file or root (exit 2), or a file that cannot be used (exit 3).</exception>
    public static LabelFileContents Read(LabelFileOptions options, bool readLabels)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = options.File;
        var bytes = ReadBytes(name);
        var root = options.FullImagesRoot();
        if (!Directory.Exists(root))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Images root not found: {options.ImagesRoot ?? root} (the folder the paths in {name} are relative to; set it with --images-root).");
        }

        var rows = LabelFileReader.Read(bytes, LabelFileReader.SeparatorOf(name), name, options.PathColumn, options.LabelColumn, readLabels);
        if (rows.Count == 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"Label file {name} lists no images: it has a header and no rows.");
        }

        var resolver = new ImageIdResolver(root, name);
        var first = new Dictionary<string, LabelFileRow>(StringComparer.Ordinal);
        var images = new List<ListedImage>(rows.Count);
        var skipped = new List<ScanIssue>();
        foreach (var row in rows)
        {
            var full = resolver.Resolve(row);
            var relative = DatasetScanner.RelativeTo(root, full);
            if (first.TryGetValue(full, out var earlier))
            {
                if (!string.Equals(earlier.Label, row.Label, StringComparison.Ordinal))
                {
                    throw new MlPipelineException(
                        ExitCode.DataError,
                        string.Create(CultureInfo.InvariantCulture, $"Label file {name} labels {relative} '{earlier.Label}' on line {earlier.Line} and '{row.Label}' on line {row.Line}; give each image one label."));
                }

                skipped.Add(new ScanIssue(relative, string.Create(CultureInfo.InvariantCulture, $"listed again on line {row.Line} (first on line {earlier.Line})")));
                continue;
            }

            first.Add(full, row);
            if (File.Exists(full) && !FileKinds.IsOpenableTarget(full))
            {
                skipped.Add(new ScanIssue(relative, FileKinds.NotRegularReason));
                continue;
            }

            images.Add(new ListedImage(row.Line, full, relative, row.Label));
        }

        if (images.Count > 0 && !images.Any(i => File.Exists(i.FullPath)))
        {
            throw new MlPipelineException(
                ExitCode.DataError,
                string.Create(CultureInfo.InvariantCulture, $"None of the {images.Count} images listed in {name} exists under {root} (first: {images[0].RelativePath}, line {images[0].Line}); check --images-root."));
        }

        return new LabelFileContents(Path.GetFullPath(name), ContentHash.Sha256(bytes), root, images, skipped);
    }

    private static byte[] ReadBytes(string name)
    {
        var full = Path.GetFullPath(name);
        if (Directory.Exists(full))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"{name} is a folder; --labels takes a CSV or TSV file (a folder of class folders goes in --data).");
        }

        if (!File.Exists(full))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Label file not found: {name}");
        }

        if (!FileKinds.IsOpenableTarget(full))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Label file {name} cannot be opened: {FileKinds.NotRegularReason}.");
        }

        try
        {
            return File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Label file {name} cannot be read: {e.Message}");
        }
    }
}
