namespace MlPipeline.ImageGen.Rendering;

/// <summary>
/// Inside tests for each shape in its own unit frame: centred on the origin and contained in the
/// unit circle, so every shape can be placed, scaled and rotated the same way.
/// </summary>
internal static class ShapeGeometry
{
    // Half-side of the square (and of the block the stripes fill): its corners just touch the unit circle.
    private const double SquareHalfSide = 0.7;
    private const double CrossHalfLength = 0.95;
    private const double CrossHalfThickness = 0.3;
    private const double RingInnerRadius = 0.6;

    // Three bars with equal gaps between them: 5 equal bands across the square.
    private const double StripeBand = 2 * SquareHalfSide / 5;

    private static readonly double Sqrt3 = Math.Sqrt(3);

    public static bool Contains(ShapeKind shape, double x, double y) => shape switch
    {
        ShapeKind.Circle => (x * x) + (y * y) <= 1,
        ShapeKind.Square => Math.Abs(x) <= SquareHalfSide && Math.Abs(y) <= SquareHalfSide,
        ShapeKind.Triangle => InEquilateralTriangle(x, y),
        ShapeKind.Cross => InCentredRectangle(x, y, CrossHalfLength, CrossHalfThickness)
            || InCentredRectangle(x, y, CrossHalfThickness, CrossHalfLength),
        ShapeKind.Stripes => Math.Abs(x) <= SquareHalfSide && Math.Abs(y) <= SquareHalfSide
            && (int)Math.Floor((y + SquareHalfSide) / StripeBand) % 2 == 0,
        ShapeKind.Ring => (x * x) + (y * y) <= 1 && (x * x) + (y * y) >= RingInnerRadius * RingInnerRadius,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    private static bool InCentredRectangle(double x, double y, double halfWidth, double halfHeight) =>
        Math.Abs(x) <= halfWidth && Math.Abs(y) <= halfHeight;

    // Vertices on the unit circle at (0, 1) and (±√3/2, -1/2); inside means inside all three edges.
    private static bool InEquilateralTriangle(double x, double y) =>
        y >= -0.5 && (Sqrt3 * x) + y <= 1 && (-Sqrt3 * x) + y <= 1;
}
