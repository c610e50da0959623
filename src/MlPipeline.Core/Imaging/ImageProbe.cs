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
/// with the same reasons (<see cref="EncodedImage"/> holds the rules). Thread-safe.
/// </summary>
public static class ImageProbe
{
    /// <summary>Reads and checks one file.</summary>
    /// <exception cref="ImageReadException">Missing, empty, unsupported, corrupt, truncated, or too large.</exception>
    public static ProbedImage Probe(string path)
    {
        var bytes = EncodedImage.ReadFile(path);
        using var image = EncodedImage.Open(bytes, path);
        var hash = ContentHash.Sha256(bytes);
        var codec = image.Codec;

        // JPEG decodes at 1/2, 1/4 or 1/8 scale almost for free; 64 px is plenty for a 32x32 hash (and the pixel loop stays short).
        var scale = Math.Min(1f, 64f / Math.Max(1, Math.Min(codec.Info.Width, codec.Info.Height)));
        var size = codec.GetScaledDimensions(scale);
        var bitmap = image.Decode(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var upright = ExifOrientation.Apply(bitmap, codec.EncodedOrigin);
        var swapsAxes = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swapsAxes ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);
        return new ProbedImage(hash, image.Format ?? "unknown", width, height, PictureSignature.Of(upright));
    }
}
