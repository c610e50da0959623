namespace MlPipeline.Core.Dataset;

/// <summary>The image file extensions the tool reads, compared case-insensitively.</summary>
public static class ImageFileTypes
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp",
    };

    /// <summary>Whether the path names an image by its extension (whatever its case).</summary>
    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path));
}
