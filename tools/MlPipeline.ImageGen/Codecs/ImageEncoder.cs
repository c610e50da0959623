using System.Runtime.InteropServices;
using SkiaSharp;

namespace MlPipeline.ImageGen.Codecs;

/// <summary>Turns pixels into file bytes in any <see cref="ImageFileFormat"/>.</summary>
internal static class ImageEncoder
{
    private const int LossyQuality = 90;

    public static byte[] Encode(PixelBuffer pixels, ImageFileFormat format)
    {
        if (format == ImageFileFormat.Bmp)
        {
            return BmpWriter.Write(pixels);
        }

        using var bitmap = ToBitmap(pixels);
        return Encode(bitmap, format switch
        {
            ImageFileFormat.Jpeg => SKEncodedImageFormat.Jpeg,
            ImageFileFormat.Png => SKEncodedImageFormat.Png,
            ImageFileFormat.Webp => SKEncodedImageFormat.Webp,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        });
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        // Skia answers null, not an exception, for a format or pixel layout it cannot encode.
        using var data = bitmap.Encode(format, LossyQuality)
            ?? throw new InvalidOperationException($"SkiaSharp cannot encode {bitmap.ColorType} pixels as {format}");
        return data.ToArray();
    }

    private static SKBitmap ToBitmap(PixelBuffer pixels)
    {
        // Declaring opaque pixels opaque makes the PNG encoder write RGB instead of RGBA.
        var alpha = pixels.IsOpaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul;
        var bitmap = new SKBitmap(new SKImageInfo(pixels.Width, pixels.Height, SKColorType.Rgba8888, alpha));
        using var pixmap = bitmap.PeekPixels();
        pixels.Rgba.CopyTo(MemoryMarshal.AsBytes(pixmap.GetPixelSpan<uint>()));
        return bitmap;
    }
}
