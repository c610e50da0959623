namespace MlPipeline.ImageGen.Rendering;

/// <summary>
/// Draws one shape over a noisy gradient background. Rasterised in managed code rather than with
/// Skia's canvas, whose anti-aliasing varies with the CPU's SIMD paths: the pixels, and so the
/// committed sample files, must not depend on the machine that generated them.
/// </summary>
internal static class SyntheticImageRenderer
{
    // 4×4 samples per pixel give 17 coverage levels: smooth enough edges at 64 px.
    private const int SamplesPerAxis = 4;

    // Gentle per-channel drift across the background, so it is never a flat fill.
    private const double GradientSpread = 25;

    // Luminance bands for the dark and the light colour; the gap keeps the shape visible even
    // where the background gradient drifts towards it.
    private const double MaxDarkLuminance = 90;
    private const double MinLightLuminance = 150;

    // Sensor-like grain; kept small because it is what PNG compresses worst.
    private const int NoiseAmplitude = 5;

    public static PixelBuffer Render(ShapeKind shape, int width, int height, DeterministicRandom random)
    {
        // One of background and shape is dark and the other light, so the shape always stands out
        // while hue, saturation and which side is dark carry no information about the class.
        bool darkBackground = random.NextBool();
        Rgb background = RandomColour(random, dark: darkBackground);
        Rgb foreground = RandomColour(random, dark: !darkBackground);
        Rgb backgroundEnd = background.Offset(
            random.NextDouble(-GradientSpread, GradientSpread),
            random.NextDouble(-GradientSpread, GradientSpread),
            random.NextDouble(-GradientSpread, GradientSpread));
        double gradientAngle = random.NextDouble(0, 2 * Math.PI);
        var placement = ShapePlacement.Random(width, height, random);

        var pixels = new PixelBuffer(width, height);
        double gx = Math.Cos(gradientAngle);
        double gy = Math.Sin(gradientAngle);
        double gradientLength = (Math.Abs(width * gx) + Math.Abs(height * gy)) / 2;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double along = (((x + 0.5 - (width / 2.0)) * gx) + ((y + 0.5 - (height / 2.0)) * gy)) / gradientLength;
                Rgb backdrop = Rgb.Lerp(background, backgroundEnd, (along + 1) / 2);
                Rgb colour = Rgb.Lerp(backdrop, foreground, Coverage(shape, placement, x, y));
                int noise = random.NextInt(-NoiseAmplitude, NoiseAmplitude);
                pixels.SetPixel(x, y, ToByte(colour.R + noise), ToByte(colour.G + noise), ToByte(colour.B + noise));
            }
        }

        return pixels;
    }

    private static Rgb RandomColour(DeterministicRandom random, bool dark)
    {
        // Bright but saturated blues are still dark to the eye (and to a grayscale conversion), so
        // value alone does not separate dark from light: redraw until the luminance does.
        while (true)
        {
            var colour = Rgb.FromHsv(
                random.NextDouble(0, 360),
                random.NextDouble(0.2, 1),
                dark ? random.NextDouble(0.05, 0.45) : random.NextDouble(0.7, 1));
            if (dark ? colour.Luminance <= MaxDarkLuminance : colour.Luminance >= MinLightLuminance)
            {
                return colour;
            }
        }
    }

    private static double Coverage(ShapeKind shape, ShapePlacement placement, int x, int y)
    {
        if (!placement.MayCover(x, y))
        {
            return 0;
        }

        int inside = 0;
        for (int sy = 0; sy < SamplesPerAxis; sy++)
        {
            for (int sx = 0; sx < SamplesPerAxis; sx++)
            {
                var (u, v) = placement.ToShapeFrame(
                    x + ((sx + 0.5) / SamplesPerAxis),
                    y + ((sy + 0.5) / SamplesPerAxis));
                if (ShapeGeometry.Contains(shape, u, v))
                {
                    inside++;
                }
            }
        }

        return inside / (double)(SamplesPerAxis * SamplesPerAxis);
    }

    private static byte ToByte(double channel) => (byte)Math.Clamp(Math.Round(channel), 0, 255);
}
