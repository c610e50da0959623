using System.Globalization;

namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>
/// Turns a label file's path column into a file under the images root: a relative or absolute path that stays inside
/// the root, or an id without extension (Kaggle's <c>id,label</c>) that exactly one image file in its folder is named after.
/// </summary>
internal sealed class ImageIdResolver(string root, string labelFile)
{
    // Each folder named by an id is listed once, so a file of 100,000 ids costs one listing, not 100,000.
    private readonly Dictionary<string, ILookup<string, string>> _imagesByStem = new(StringComparer.Ordinal);

    /// <summary>The absolute path a row names; missing files come back as named.</summary>
    /// <exception cref="MlPipelineException">A path outside the root, a folder, or an id several images match (exit 3).</exception>
    public string Resolve(LabelFileRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var full = Path.GetFullPath(Path.Combine(root, row.Path));
        if (!RealPath.IsInside(full, root))
        {
            throw Refuse(row, $"{row.Path} is outside the images root {root}; list paths below it, or set --images-root");
        }

        if (Directory.Exists(full))
        {
            throw Refuse(row, $"{row.Path} is a folder, not an image");
        }

        if (File.Exists(full) || ImageFileTypes.IsImage(full))
        {
            return full;
        }

        var matches = ImagesByStem(Path.GetDirectoryName(full)!)[Path.GetFileName(full)].ToList();
        return matches.Count switch
        {
            0 => full,
            1 => matches[0],
            _ => throw Refuse(row, $"the id {row.Path} matches {matches.Count} images ({string.Join(", ", matches.Select(Path.GetFileName))}); write the file name with its extension"),
        };
    }

    private ILookup<string, string> ImagesByStem(string folder)
    {
        if (!_imagesByStem.TryGetValue(folder, out var lookup))
        {
            var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Where(ImageFileTypes.IsImage) : [];
            lookup = files.Order(StringComparer.Ordinal).ToLookup(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
            _imagesByStem.Add(folder, lookup);
        }

        return lookup;
    }

    private MlPipelineException Refuse(LabelFileRow row, string problem) =>
        new(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"Label file {labelFile} line {row.Line}: {problem}."));
}
