using SkiaSharp;

namespace MlPipeline.Core.Imaging;

/// <summary>Turns a bitmap stored in a camera's sensor orientation into the upright picture.</summary>
internal static class ExifOrientation
{
    /// <summary>Returns the upright bitmap; disposes <paramref name="stored"/> when it makes a new one.</summary>
    public static SKBitmap Apply(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return stored;
        }

        var swapsAxes = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w, h) = swapsAxes ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
        var upright = new SKBitmap(new SKImageInfo(w, h, stored.ColorType, stored.AlphaType));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(Matrix(origin, stored.Width, stored.Height));
            using var paint = new SKPaint { BlendMode = SKBlendMode.Src };
            canvas.DrawBitmap(stored, 0, 0, paint);
        }

        stored.Dispose();
        return upright;
    }

    // Maps stored pixel (x, y) to its upright position; w and h are the stored bitmap's size.
    private static SKMatrix Matrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
