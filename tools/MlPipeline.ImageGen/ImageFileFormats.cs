namespace MlPipeline.ImageGen;

/// <summary>Maps <see cref="ImageFileFormat"/> to and from file extensions.</summary>
public static class ImageFileFormats
{
    /// <summary>Parses an extension without the dot (<c>jpg</c>, <c>jpeg</c>, <c>png</c>, <c>bmp</c>, <c>webp</c>), ignoring case.</summary>
    /// <exception cref="ArgumentException">The extension is not one the generator can write.</exception>
    public static ImageFileFormat Parse(string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return extension.ToUpperInvariant() switch
        {
            "JPG" or "JPEG" => ImageFileFormat.Jpeg,
            "PNG" => ImageFileFormat.Png,
            "BMP" => ImageFileFormat.Bmp,
            "WEBP" => ImageFileFormat.Webp,
            "GIF" => throw new ArgumentException("gif cannot be written: SkiaSharp 2.88 has no GIF encoder"),
            _ => throw new ArgumentException($"unsupported image format '{extension}' (use jpg, png, bmp or webp)"),
        };
    }

    /// <summary>The lower-case extension, without the dot, that files of this format are given.</summary>
    public static string FileExtension(this ImageFileFormat format) => format switch
    {
        ImageFileFormat.Jpeg => "jpg",
        ImageFileFormat.Png => "png",
        ImageFileFormat.Bmp => "bmp",
        ImageFileFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
