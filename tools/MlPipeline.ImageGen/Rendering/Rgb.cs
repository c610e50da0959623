namespace MlPipeline.ImageGen.Rendering;

/// <summary>A colour with channels in 0..255, kept fractional until the final pixel is written.</summary>
internal readonly record struct Rgb(double R, double G, double B)
{
    /// <summary>Hue in degrees [0, 360); saturation and value in [0, 1].</summary>
    public static Rgb FromHsv(double hue, double saturation, double value)
    {
        double chroma = value * saturation;
        double sector = hue / 60;
        double x = chroma * (1 - Math.Abs((sector % 2) - 1));
        (double r, double g, double b) = (int)sector switch
        {
            0 => (chroma, x, 0.0),
            1 => (x, chroma, 0.0),
            2 => (0.0, chroma, x),
            3 => (0.0, x, chroma),
            4 => (x, 0.0, chroma),
            _ => (chroma, 0.0, x),
        };
        double m = value - chroma;
        return new Rgb((r + m) * 255, (g + m) * 255, (b + m) * 255);
    }

    /// <summary>Rec. 601 luma, 0..255.</summary>
    public double Luminance => (0.299 * R) + (0.587 * G) + (0.114 * B);

    public static Rgb Lerp(Rgb from, Rgb to, double t) =>
        new(from.R + ((to.R - from.R) * t), from.G + ((to.G - from.G) * t), from.B + ((to.B - from.B) * t));

    public Rgb Offset(double r, double g, double b) => new(R + r, G + g, B + b);
}
