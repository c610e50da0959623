using System.Security.Cryptography;
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

    /// <summary>Reads and prepares one file.</summary>
    /// <exception cref="ImageReadException">The file is missing, empty, not an image, or corrupt.</exception>
    public DecodedImage Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ImageReadException(path, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageReadException(path, e.Message);
        }

        if (bytes.Length == 0)
        {
            throw new ImageReadException(path, "empty file");
        }

        try
        {
            using var upright = DecodeUpright(path, bytes);
            var image = Resize(upright);
            return new DecodedImage(image, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // SkiaSharp reports some malformed files this way rather than through SKCodecResult.
            throw new ImageReadException(path, e.Message);
        }
    }

    private static SKBitmap DecodeUpright(string path, byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new ImageReadException(path, "not a readable image");
        // Unpremultiplied RGBA keeps the colour under transparent pixels, as PIL's convert('RGB') does.
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new ImageReadException(path, result == SKCodecResult.IncompleteInput ? "truncated image" : $"decode failed ({result})");
        }

        return ExifOrientation.Apply(bitmap, codec.EncodedOrigin);
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
