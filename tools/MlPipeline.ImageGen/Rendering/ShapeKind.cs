namespace MlPipeline.ImageGen.Rendering;

/// <summary>The shapes the generator can draw, one per class.</summary>
internal enum ShapeKind
{
    Circle,
    Square,
    Triangle,
    Cross,
    Stripes,
    Ring,
}
