using System.Numerics;
using SkiaSharp;

namespace MlPipeline.Core.Imaging;

/// <summary>
/// What the near-copy check keeps of a picture (267 bytes): a 64-bit perceptual hash, a 16x16 grey thumbnail and the
/// mean colour. The hash finds candidates cheaply; the thumbnail and colour reject look-alikes it cannot tell apart.
/// </summary>
/// <param name="PHash">See <see cref="Of"/>.</param>
/// <param name="Thumbnail">16x16 grey levels (2x2 of the hash's cells each), row by row.</param>
/// <param name="MeanColour">Mean red, green and blue, 0-255.</param>
public sealed record PictureSignature(ulong PHash, byte[] Thumbnail, byte[] MeanColour)
{
    /// <summary>Hashes at most this many bits apart (of 64) are compared further.</summary>
    public const int MaxDistance = 8;

    /// <summary>
    /// Thumbnails must correlate at least this well (Pearson, so brightness and contrast do not matter). JPEG 50 copies
    /// of 28 px photos are mostly above 0.993; two different pullovers of Fashion-MNIST reach 0.992 (docs/doctor.md).
    /// </summary>
    public const double MinCorrelation = 0.994;

    /// <summary>Mean colours, less their own grey level, may differ by at most this much per channel (0-255).</summary>
    public const int MaxTintDifference = 24;

    private const int Cells = 32;
    private const int Side = 16;

    /// <summary>
    /// Computes the signature. The pHash: the picture box-filtered down to 32x32 grey cells, its 8x8 lowest 2-D DCT
    /// frequencies, one bit per frequency (above their median or not). Re-encoding, resizing and noise change few of
    /// its 64 bits; different pictures about half. (A difference hash flipped 10 of 64 bits on re-encoded noisy pictures.)
    /// </summary>
    public static PictureSignature Of(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (bitmap.ColorType != SKColorType.Rgba8888)
        {
            throw new ArgumentException("expected an RGBA bitmap", nameof(bitmap));
        }

        // A box filter, not a resampling filter: sampling a few pixels per cell lets noise flip bits. Pixels count by how
        // much of a cell they cover, so a picture and its resized copy average the same areas, even under 32 px.
        var pixels = bitmap.GetPixelSpan();
        var rows = new double[bitmap.Height * Cells];
        var columns = Coverage(bitmap.Width);
        for (var y = 0; y < bitmap.Height; y++)
        {
            foreach (var (x, cell, weight) in columns)
            {
                var p = ((y * bitmap.Width) + x) * 4;
                rows[(y * Cells) + cell] += weight * ((299 * pixels[p]) + (587 * pixels[p + 1]) + (114 * pixels[p + 2])) / 1000;
            }
        }

        var grey = new double[Cells * Cells];
        foreach (var (y, cell, weight) in Coverage(bitmap.Height))
        {
            for (var x = 0; x < Cells; x++)
            {
                grey[(cell * Cells) + x] += weight * rows[(y * Cells) + x];
            }
        }

        var colour = new long[3];
        for (var p = 0; p < pixels.Length; p++)
        {
            if (p % 4 < 3)
            {
                colour[p % 4] += pixels[p];
            }
        }

        var area = Math.Max(1L, (long)bitmap.Width * bitmap.Height);
        return new PictureSignature(Hash(grey), Shrink(grey), [.. colour.Select(c => (byte)(c / area))]);
    }

    /// <summary>How many of the 64 hash bits differ.</summary>
    public int Distance(PictureSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return BitOperations.PopCount(PHash ^ other.PHash);
    }

    /// <summary>
    /// Whether the two look like one picture re-encoded, resized or brightened (not cropped: a 5% crop moves edges about
    /// as much as another picture does). Close hashes alone also pair different pictures with the same layout (a sneaker
    /// and an ankle boot, a dark disc on green and on pink).
    /// </summary>
    public bool IsNearCopyOf(PictureSignature other) =>
        Distance(other) <= MaxDistance && Correlation(Thumbnail, other.Thumbnail) >= MinCorrelation && TintDifference(other) <= MaxTintDifference;

    private int TintDifference(PictureSignature other)
    {
        // A brightness change moves every channel alike; a different colour moves them apart.
        var (a, b) = (MeanColour.Sum(c => c) / 3, other.MeanColour.Sum(c => c) / 3);
        return Enumerable.Range(0, 3).Max(c => Math.Abs(MeanColour[c] - a - (other.MeanColour[c] - b)));
    }

    private static double Correlation(byte[] a, byte[] b)
    {
        double meanA = a.Average(v => v), meanB = b.Average(v => v), ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var (da, db) = (a[i] - meanA, b[i] - meanB);
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }

        // Flat thumbnails have no structure to compare: they match each other and nothing else.
        const double Flat = 1e-6;
        return aa < Flat || bb < Flat ? (aa < Flat && bb < Flat ? 1 : 0) : ab / Math.Sqrt(aa * bb);
    }

    // Which cells (of 32 along one axis) each pixel overlaps, and by what fraction of the cell: each cell's weights sum to 1.
    private static List<(int Pixel, int Cell, double Weight)> Coverage(int pixels)
    {
        var coverage = new List<(int, int, double)>();
        for (var p = 0; p < pixels; p++)
        {
            var (from, to) = ((double)p * Cells / pixels, (double)(p + 1) * Cells / pixels);
            for (var cell = (int)from; cell < Math.Min(Cells, Math.Ceiling(to)); cell++)
            {
                coverage.Add((p, cell, Math.Min(to, cell + 1) - Math.Max(from, cell)));
            }
        }

        return coverage;
    }

    private static byte[] Shrink(double[] grey)
    {
        var thumbnail = new byte[Side * Side];
        for (var i = 0; i < thumbnail.Length; i++)
        {
            var (y, x) = (i / Side * 2, i % Side * 2);
            var sum = grey[(y * Cells) + x] + grey[(y * Cells) + x + 1] + grey[((y + 1) * Cells) + x] + grey[((y + 1) * Cells) + x + 1];
            thumbnail[i] = (byte)Math.Round(sum / 4);
        }

        return thumbnail;
    }

    private static ulong Hash(double[] grey)
    {
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
}
