using System.Security.Cryptography;
using SkiaSharp;

namespace MlPipeline.Core.Imaging;

/// <summary>What <see cref="ImageProbe"/> learned about one file.</summary>
/// <param name="ContentSha256">SHA-256 of the file's bytes (the identity the dataset fingerprint uses).</param>
/// <param name="Format">The format by magic bytes (<c>jpeg</c>, <c>png</c>, ...).</param>
/// <param name="Width">Upright width in pixels (EXIF orientation applied).</param>
/// <param name="Height">Upright height in pixels.</param>
/// <param name="Signature">What the near-copy check compares, from the decoded, upright picture.</param>
public sealed record ProbedImage(string ContentSha256, string Format, int Width, int Height, PictureSignature Signature);

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
        return new ProbedImage(hash, format ?? "unknown", width, height, PictureSignature.Of(upright));
    }
}
