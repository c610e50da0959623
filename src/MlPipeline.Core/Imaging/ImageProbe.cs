using System.Numerics;
using System.Security.Cryptography;
using SkiaSharp;

namespace MlPipeline.Core.Imaging;

/// <summary>What <see cref="ImageProbe"/> learned about one file.</summary>
/// <param name="ContentSha256">SHA-256 of the file's bytes (the identity the dataset fingerprint uses).</param>
/// <param name="Format">The format by magic bytes (<c>jpeg</c>, <c>png</c>, ...).</param>
/// <param name="Width">Upright width in pixels (EXIF orientation applied).</param>
/// <param name="Height">Upright height in pixels.</param>
/// <param name="PHash">64-bit perceptual hash of the decoded, upright picture (see <see cref="ImageProbe.PHash"/>).</param>
public sealed record ProbedImage(string ContentSha256, string Format, int Width, int Height, ulong PHash);

/// <summary>
/// Decodes a file just far enough to check it: hash, format, size and a perceptual hash, without the backbone
/// and without the full-quality resize <see cref="ImageReader"/> does. Refuses what <see cref="ImageReader"/> refuses,
/// with the same reasons. Thread-safe.
/// </summary>
public static class ImageProbe
{
    /// <summary>Reads and checks one file.</summary>
    /// <exception cref="ImageReadException">Missing, empty, unsupported, corrupt, truncated, or too large.</exception>
    public static ProbedImage Probe(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException) when (FileNames.IsUndecodable(path))
        {
            throw new ImageReadException(path, FileNames.UndecodableReason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageReadException(path, e.Message);
        }

        if (bytes.Length == 0)
        {
            throw new ImageReadException(path, "empty file");
        }

        var format = ImageFormat.Detect(bytes);
        if (format is not null && !ImageFormat.IsSupported(format))
        {
            throw new ImageReadException(path, $"unsupported format: {format}");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new ImageReadException(path, "not a readable image");
        if ((long)codec.Info.Width * codec.Info.Height > ImageReader.MaxPixels)
        {
            throw new ImageReadException(path, $"{codec.Info.Width}x{codec.Info.Height} pixels is above the limit of {ImageReader.MaxPixels / 1_000_000} megapixels");
        }

        // JPEG decodes at 1/2, 1/4 or 1/8 scale almost for free; 64 px is plenty for a 32x32 hash (and the pixel loop stays short).
        var scale = Math.Min(1f, 64f / Math.Max(1, Math.Min(codec.Info.Width, codec.Info.Height)));
        var size = codec.GetScaledDimensions(scale);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new ImageReadException(path, result == SKCodecResult.IncompleteInput ? "truncated image" : $"decode failed ({result})");
        }

        using var upright = ExifOrientation.Apply(bitmap, codec.EncodedOrigin);
        var swapsAxes = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swapsAxes ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);
        return new ProbedImage(hash, format ?? "unknown", width, height, PHash(upright));
    }

    /// <summary>
    /// Perceptual hash (pHash): the picture averaged down to 32x32 grey cells, its 8x8 lowest 2-D DCT frequencies,
    /// one bit per frequency (above their median or not). Re-encoding, resizing and noise change few of its 64 bits;
    /// different pictures about half. (A difference hash flipped 10 of 64 bits on re-encoded noisy pictures.)
    /// </summary>
    public static ulong PHash(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888)
        {
            throw new ArgumentException("expected an RGBA bitmap", nameof(bitmap));
        }

        const int Cells = 32;
        // Area averages, not a resampling filter: sampling a few pixels per cell lets noise flip bits.
        var pixels = bitmap.GetPixelSpan();
        var grey = new double[Cells * Cells];
        var counts = new int[Cells * Cells];
        for (var y = 0; y < bitmap.Height; y++)
        {
            var row = y * Cells / bitmap.Height * Cells;
            for (var x = 0; x < bitmap.Width; x++)
            {
                var cell = row + (x * Cells / bitmap.Width);
                grey[cell] += Luma(pixels, (y * bitmap.Width) + x);
                counts[cell]++;
            }
        }

        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] /= Math.Max(1, counts[i]);
        }

        var coefficients = new double[64];
        for (var v = 0; v < 8; v++)
        {
            for (var u = 0; u < 8; u++)
            {
                double sum = 0;
                for (var y = 0; y < Cells; y++)
                {
                    var cy = Cosines[(v * Cells) + y];
                    for (var x = 0; x < Cells; x++)
                    {
                        sum += grey[(y * Cells) + x] * Cosines[(u * Cells) + x] * cy;
                    }
                }

                coefficients[(v * 8) + u] = sum;
            }
        }

        // The DC term is overall brightness, not structure: leave it out of the median.
        var median = coefficients.Skip(1).Order().ElementAt(31);
        ulong hash = 0;
        foreach (var c in coefficients)
        {
            hash = (hash << 1) | (c > median ? 1UL : 0UL);
        }

        return hash;
    }

    // cos((2x + 1) u pi / 64) for the 8 lowest frequencies u of a 32-point DCT.
    private static readonly double[] Cosines = [.. Enumerable.Range(0, 8 * 32).Select(i => Math.Cos(((2 * (i % 32)) + 1) * (i / 32) * Math.PI / 64))];

    /// <summary>How many of the 64 bits differ.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    private static long Luma(ReadOnlySpan<byte> rgba, int pixel) =>
        (299 * rgba[pixel * 4]) + (587 * rgba[(pixel * 4) + 1]) + (114 * rgba[(pixel * 4) + 2]);
}
