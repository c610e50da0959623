using Microsoft.ML.Data;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// The backbone's input layout: float RGB planes of 0-255 values, as ML.NET's <c>ExtractPixels</c> writes them for
/// the saved pipeline (<c>ColorBits.Rgb</c>, <c>ColorsOrder.ARGB</c>, not interleaved). The backbone graph does its
/// own preprocessing (caffe: BGR, mean subtraction) from there.
/// </summary>
internal static class PlanarPixels
{
    /// <summary>Writes one decoded RGBA image into <paramref name="target"/>, which holds 3 x height x width floats.</summary>
    public static void Write(MLImage image, Span<float> target)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.PixelFormat != MLPixelFormat.Rgba32)
        {
            throw new ArgumentException($"Expected RGBA pixels, got {image.PixelFormat}.", nameof(image));
        }

        var pixels = image.Pixels;
        var plane = image.Width * image.Height;
        if (target.Length != 3 * plane)
        {
            throw new ArgumentException($"Expected room for {3 * plane} floats, got {target.Length}.", nameof(target));
        }

        var red = target[..plane];
        var green = target.Slice(plane, plane);
        var blue = target.Slice(2 * plane, plane);
        for (int i = 0, source = 0; i < plane; i++, source += 4)
        {
            red[i] = pixels[source];
            green[i] = pixels[source + 1];
            blue[i] = pixels[source + 2];
        }
    }
}
