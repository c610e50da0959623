using Microsoft.ML.Data;
using SkiaSharp;

namespace MlPipeline.Core.Imaging;

/// <summary>
/// Decodes image files the way a person sees them: EXIF orientation applied, any pixel format (grayscale,
/// palette, 16-bit, alpha) turned into 8-bit RGB, then resized with a high-quality filter.
/// </summary>
/// <remarks>
/// ML.NET's own loader ignores EXIF orientation and resizes with nearest-neighbour sampling, so images are
/// decoded here and handed to the model already at its input size; the model's own resize then changes nothing.
/// Thread-safe: each call works on its own buffers.
/// </remarks>
public sealed class ImageReader(int width, int height)
{
    /// <summary>Output width in pixels.</summary>
    public int Width { get; } = width;

    /// <summary>Output height in pixels.</summary>
    public int Height { get; } = height;

    /// <summary>
    /// Images with more pixels than this (50 megapixels) are refused from their header, before any pixel is
    /// decoded: a few kilobytes of compressed data can otherwise claim gigabytes of memory.
    /// </summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>Reads and prepares one file.</summary>
    /// <exception cref="ImageReadException">The file is missing, empty, not an image, or corrupt.</exception>
    public DecodedImage Read(string path) => Read(EncodedImage.ReadFile(path), path);

    /// <summary>Reads and prepares one encoded image held in memory, such as an upload.</summary>
    /// <param name="bytes">The encoded file (JPEG, PNG, ...).</param>
    /// <param name="name">What errors call the image: a path or an upload's file name.</param>
    /// <exception cref="ImageReadException">The bytes are empty, not an image, corrupt, or above <see cref="MaxPixels"/>.</exception>
    public DecodedImage Read(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var upright = DecodeUpright(name, bytes);
            var image = Resize(upright);
            return new DecodedImage(image, ContentHash.Sha256(bytes));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // SkiaSharp reports some malformed files this way rather than through SKCodecResult.
            throw new ImageReadException(name, e.Message);
        }
    }

    private static SKBitmap DecodeUpright(string name, byte[] bytes)
    {
        using var image = EncodedImage.Open(bytes, name);
        // Unpremultiplied RGBA keeps the colour under transparent pixels, as PIL's convert('RGB') does.
        var bitmap = image.Decode(new SKImageInfo(image.Codec.Info.Width, image.Codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        return ExifOrientation.Apply(bitmap, image.Codec.EncodedOrigin);
    }

    private MLImage Resize(SKBitmap upright)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = upright.Width == Width && upright.Height == Height
            ? upright.Copy()
            : upright.Resize(info, SKFilterQuality.High);
        var pixels = resized.GetPixelSpan().ToArray();
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        return MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Rgba32, pixels);
    }
}
