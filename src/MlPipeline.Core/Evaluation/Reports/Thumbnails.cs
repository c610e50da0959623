using MlPipeline.Core.Imaging;
using SkiaSharp;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>Small upright JPEG copies of images for the HTML report, so it stays one light self-contained file.</summary>
internal static class Thumbnails
{
    public const int MaxSide = 192;

    /// <summary>The thumbnail's JPEG bytes, or null when the file can no longer be read (it was scored earlier).</summary>
    public static byte[]? Create(string path)
    {
        try
        {
            using var codec = SKCodec.Create(path);
            if (codec is null)
            {
                return null;
            }

            var decoded = SKBitmap.Decode(codec);
            if (decoded is null)
            {
                return null;
            }

            // Apply disposes the decoded bitmap when it makes an upright copy, and hands it back otherwise.
            using var upright = ExifOrientation.Apply(decoded, codec.EncodedOrigin);
            var scale = Math.Min(1.0, (double)MaxSide / Math.Max(upright.Width, upright.Height));
            var info = new SKImageInfo(Math.Max(1, (int)(upright.Width * scale)), Math.Max(1, (int)(upright.Height * scale)));
            using var small = upright.Resize(info, SKFilterQuality.High);
            using var image = SKImage.FromBitmap(small);
            using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 85);
            return jpeg.ToArray();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
