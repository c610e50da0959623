using System.Runtime.InteropServices;
using MlPipeline.ImageGen.Codecs;
using MlPipeline.ImageGen.Rendering;
using SkiaSharp;

namespace MlPipeline.ImageGen;

/// <summary>
/// Writes single files that a loader must reject or handle specially. Every helper creates the
/// parent folder if needed, overwrites <c>path</c>, returns it, and is deterministic.
/// </summary>
public static class EdgeCaseImages
{
    /// <summary>Stored width of <see cref="WriteOrientedJpeg"/>'s image, before orientation is applied.</summary>
    public const int OrientedJpegStoredWidth = 128;

    /// <summary>Stored height of <see cref="WriteOrientedJpeg"/>'s image, before orientation is applied.</summary>
    public const int OrientedJpegStoredHeight = 64;

    /// <summary>Side of the green marker square in the stored top-left corner of <see cref="WriteOrientedJpeg"/>'s image.</summary>
    public const int OrientedJpegMarkerSide = 16;

    /// <summary>Writes a zero-byte file.</summary>
    public static string WriteEmptyFile(string path)
    {
        File.WriteAllBytes(Prepare(path), []);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="length"/> pseudo-random bytes, whatever the extension of <paramref name="path"/>.
    /// The first four bytes are <c>00 00 00 00</c> so that no seed can produce a real image signature.
    /// </summary>
    public static string WriteGarbageFile(string path, int length = 4096, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 4);
        var bytes = new byte[length];
        new DeterministicRandom((ulong)seed).NextBytes(bytes.AsSpan(4));
        File.WriteAllBytes(Prepare(path), bytes);
        return path;
    }

    /// <summary>
    /// Writes a JPEG of a synthetic circle that keeps every header segment (so it identifies as a
    /// JPEG and reports its size) but only the first half of the compressed pixel data, and no EOI.
    /// </summary>
    public static string WriteTruncatedJpeg(string path, int width = 128, int height = 128)
    {
        var pixels = SyntheticImageRenderer.Render(ShapeKind.Circle, width, height, new DeterministicRandom(0));
        byte[] jpeg = ImageEncoder.Encode(pixels, ImageFileFormat.Jpeg);
        int scanStart = JpegLayout.ScanDataOffset(jpeg);
        File.WriteAllBytes(Prepare(path), jpeg[..(scanStart + ((jpeg.Length - scanStart) / 2))]);
        return path;
    }

    /// <summary>
    /// Writes a JPEG whose EXIF APP1 segment, inserted right after SOI, holds Orientation
    /// <paramref name="orientation"/> (1..8) and nothing else.
    /// </summary>
    /// <remarks>
    /// The stored pixels are <see cref="OrientedJpegStoredWidth"/>×<see cref="OrientedJpegStoredHeight"/>
    /// (2:1 landscape): the left half pure red (255, 0, 0), the right half pure blue (0, 0, 255), and
    /// a green (0, 255, 0) <see cref="OrientedJpegMarkerSide"/>-pixel square in the top-left corner,
    /// which makes all eight orientations tell apart. Applying the tag gives, for example:
    /// <list type="bullet">
    /// <item>1: as stored; red left, blue right, green top-left.</item>
    /// <item>3 (rotate 180°): landscape, blue left, red right, green bottom-right.</item>
    /// <item>6 (rotate 90° clockwise): 64×128 portrait, red top, blue bottom, green top-right.</item>
    /// <item>8 (rotate 90° anticlockwise): 64×128 portrait, blue top, red bottom, green bottom-left.</item>
    /// </list>
    /// Sample region centres, away from the edges, when comparing colours: JPEG blurs the borders.
    /// </remarks>
    public static string WriteOrientedJpeg(string path, int orientation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        var pixels = new PixelBuffer(OrientedJpegStoredWidth, OrientedJpegStoredHeight);
        for (int y = 0; y < pixels.Height; y++)
        {
            for (int x = 0; x < pixels.Width; x++)
            {
                if (x < OrientedJpegMarkerSide && y < OrientedJpegMarkerSide)
                {
                    pixels.SetPixel(x, y, 0, 255, 0);
                }
                else if (x < pixels.Width / 2)
                {
                    pixels.SetPixel(x, y, 255, 0, 0);
                }
                else
                {
                    pixels.SetPixel(x, y, 0, 0, 255);
                }
            }
        }

        byte[] jpeg = ImageEncoder.Encode(pixels, ImageFileFormat.Jpeg);
        File.WriteAllBytes(Prepare(path), ExifSegment.InsertOrientation(jpeg, orientation));
        return path;
    }

    /// <summary>
    /// Writes a single-channel 8-bit grayscale PNG (colour type 0): a horizontal ramp from black
    /// in the left column to white in the right one.
    /// </summary>
    public static string WriteGrayscalePng(string path, int width = 64, int height = 64)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var pixmap = bitmap.PeekPixels())
        {
            var gray = pixmap.GetPixelSpan<byte>();
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    gray[(y * width) + x] = (byte)Math.Round(Ramp(x, width, 0, 255));
                }
            }
        }

        File.WriteAllBytes(Prepare(path), ImageEncoder.Encode(bitmap, SKEncodedImageFormat.Png));
        return path;
    }

    /// <summary>
    /// Writes an 8-bit RGBA PNG (colour type 6): every pixel is (0, 128, 255) with alpha ramping
    /// from 0 (fully transparent) in the left column to 255 (opaque) in the right one.
    /// </summary>
    public static string WritePngWithAlpha(string path, int width = 64, int height = 64)
    {
        var pixels = new PixelBuffer(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                pixels.SetPixel(x, y, 0, 128, 255, (byte)Math.Round(Ramp(x, width, 0, 255)));
            }
        }

        File.WriteAllBytes(Prepare(path), ImageEncoder.Encode(pixels, ImageFileFormat.Png));
        return path;
    }

    /// <summary>
    /// Writes an opaque 16-bit-per-channel RGB PNG (bit depth 16, colour type 2): a horizontal grey
    /// ramp from 25 % in the left column to 75 % in the right one, in steps finer than one 8-bit level.
    /// </summary>
    public static string Write16BitPng(string path, int width = 64, int height = 64)
    {
        // Skia writes 16-bit PNG only from half-float pixels; it refuses Rgba16161616.
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.RgbaF16, SKAlphaType.Opaque));
        using (var pixmap = bitmap.PeekPixels())
        {
            // Skia insists the span element is exactly one pixel wide, so view the 8-byte pixels as halves.
            var channels = MemoryMarshal.Cast<ulong, Half>(pixmap.GetPixelSpan<ulong>());
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    var grey = (Half)Ramp(x, width, 0.25, 0.75);
                    var pixel = channels.Slice(((y * width) + x) * 4, 4);
                    pixel[0] = grey;
                    pixel[1] = grey;
                    pixel[2] = grey;
                    pixel[3] = Half.One;
                }
            }
        }

        File.WriteAllBytes(Prepare(path), ImageEncoder.Encode(bitmap, SKEncodedImageFormat.Png));
        return path;
    }

    private static double Ramp(int x, int width, double from, double to) =>
        width == 1 ? from : from + ((to - from) * x / (width - 1));

    private static string Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        return path;
    }
}
