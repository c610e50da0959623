namespace MlPipeline.ImageGen.Rendering;

/// <summary>Where a unit-frame shape lands in the image: centre, size, mild squash and rotation.</summary>
internal sealed class ShapePlacement
{
    // Radius as a fraction of the image's shorter side; with the squash below the shape always fits.
    private const double MinRadiusFraction = 0.22;
    private const double MaxRadiusFraction = 0.38;

    // Squashing each axis a little keeps "circle" from meaning "exactly round", so the classifier
    // has to learn the shape rather than a template.
    private const double MinAxisScale = 0.85;
    private const double MaxAxisScale = 1.15;

    private readonly double centreX;
    private readonly double centreY;
    private readonly double scaleX;
    private readonly double scaleY;
    private readonly double reach;
    private readonly double cos;
    private readonly double sin;

    private ShapePlacement(double centreX, double centreY, double scaleX, double scaleY, double angle)
    {
        this.centreX = centreX;
        this.centreY = centreY;
        this.scaleX = scaleX;
        this.scaleY = scaleY;
        reach = Math.Max(scaleX, scaleY);
        cos = Math.Cos(angle);
        sin = Math.Sin(angle);
    }

    public static ShapePlacement Random(int width, int height, DeterministicRandom random)
    {
        double radius = Math.Min(width, height) * random.NextDouble(MinRadiusFraction, MaxRadiusFraction);
        double scaleX = radius * random.NextDouble(MinAxisScale, MaxAxisScale);
        double scaleY = radius * random.NextDouble(MinAxisScale, MaxAxisScale);

        // Every shape lies inside its unit circle, so the larger axis bounds it whatever the rotation.
        double reach = Math.Max(scaleX, scaleY);
        double centreX = random.NextDouble(reach, width - reach);
        double centreY = random.NextDouble(reach, height - reach);
        double angle = random.NextDouble(0, 2 * Math.PI);
        return new ShapePlacement(centreX, centreY, scaleX, scaleY, angle);
    }

    /// <summary>
    /// False when no part of the pixel whose top-left corner is (x, y) can touch the shape, which
    /// spares the supersampling of most background pixels.
    /// </summary>
    public bool MayCover(int x, int y)
    {
        // Half a pixel diagonal (√2 / 2) from the pixel centre reaches its farthest corner.
        double dx = x + 0.5 - centreX;
        double dy = y + 0.5 - centreY;
        double limit = reach + 0.75;
        return (dx * dx) + (dy * dy) <= limit * limit;
    }

    /// <summary>Maps an image point to the shape's unit frame.</summary>
    public (double X, double Y) ToShapeFrame(double x, double y)
    {
        double dx = x - centreX;
        double dy = y - centreY;
        return (((dx * cos) + (dy * sin)) / scaleX, ((-dx * sin) + (dy * cos)) / scaleY);
    }
}
