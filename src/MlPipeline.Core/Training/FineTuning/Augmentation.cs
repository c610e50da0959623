using SkiaSharp;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>One training image's random transform, drawn in order from the run's seeded generator.</summary>
/// <param name="CropWidth">Crop width as a share of the image width.</param>
/// <param name="CropHeight">Crop height as a share of the image height.</param>
/// <param name="CenterX">Crop centre, as a share of the width.</param>
/// <param name="CenterY">Crop centre, as a share of the height.</param>
/// <param name="RotationDegrees">Rotation about the crop centre.</param>
/// <param name="Flip">Whether the image is mirrored left to right.</param>
/// <param name="Brightness">Added to every channel, as a share of full scale.</param>
/// <param name="Contrast">Factor applied around mid-grey.</param>
public sealed record Augmentation(
    float CropWidth, float CropHeight, float CenterX, float CenterY, float RotationDegrees, bool Flip, float Brightness, float Contrast)
{
    // torchvision's RandomResizedCrop draws the area from [0.08, 1]; small datasets of whole objects lose the
    // object at 0.08, so the crop keeps at least 35% of the area, as fastai's default (min_scale=0.35) does.
    private const double MinArea = 0.35;
    private const double MaxLogAspect = 0.2877; // ln(4/3)
    private const float MaxRotation = 10;
    private const float MaxBrightness = 0.1f;
    private const float MaxContrast = 0.2f;

    /// <summary>No change: what validation images get.</summary>
    public static Augmentation Identity { get; } = new(1, 1, 0.5f, 0.5f, 0, false, 0, 1);

    /// <summary>Draws a transform: random resized crop, small rotation, optional flip, brightness and contrast.</summary>
    public static Augmentation Draw(Random random, bool allowFlip)
    {
        ArgumentNullException.ThrowIfNull(random);
        var area = MinArea + ((1 - MinArea) * random.NextDouble());
        var aspect = Math.Exp(((2 * random.NextDouble()) - 1) * MaxLogAspect);
        var width = (float)Math.Min(1, Math.Sqrt(area * aspect));
        var height = (float)Math.Min(1, Math.Sqrt(area / aspect));
        var centerX = (width / 2) + ((1 - width) * (float)random.NextDouble());
        var centerY = (height / 2) + ((1 - height) * (float)random.NextDouble());
        var rotation = ((2 * (float)random.NextDouble()) - 1) * MaxRotation;
        var flip = random.NextDouble() < 0.5;
        var brightness = ((2 * (float)random.NextDouble()) - 1) * MaxBrightness;
        var contrast = 1 + (((2 * (float)random.NextDouble()) - 1) * MaxContrast);
        return new(width, height, centerX, centerY, rotation, allowFlip && flip, brightness, contrast);
    }

    /// <summary>
    /// Applies the transform to RGBA pixels of a <paramref name="width"/> x <paramref name="height"/> image and writes
    /// the result as planar float RGB 0-255 (the backbone's input layout) into <paramref name="planes"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> rgba, int width, int height, Span<float> planes)
    {
        var pixels = this == Identity ? rgba.ToArray() : Transform(rgba, width, height);
        var plane = width * height;
        if (planes.Length != 3 * plane || pixels.Length != 4 * plane)
        {
            throw new ArgumentException($"Expected {plane} pixels in and {3 * plane} values out.", nameof(planes));
        }

        for (var i = 0; i < plane; i++)
        {
            planes[i] = Recolour(pixels[4 * i]);
            planes[plane + i] = Recolour(pixels[(4 * i) + 1]);
            planes[(2 * plane) + i] = Recolour(pixels[(4 * i) + 2]);
        }
    }

    private float Recolour(byte value) =>
        Math.Clamp(((value - 127.5f) * Contrast) + 127.5f + (Brightness * 255), 0, 255);

    private byte[] Transform(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var source = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(rgba.ToArray(), 0, source.GetPixels(), rgba.Length);
        using var target = new SKBitmap(info);
        using var canvas = new SKCanvas(target);

        // Maps the crop's centre to the output's centre, rotated, stretched so the crop fills the output, mirrored.
        var matrix = SKMatrix.CreateTranslation(-CenterX * width, -CenterY * height);
        matrix = matrix.PostConcat(SKMatrix.CreateRotationDegrees(RotationDegrees));
        matrix = matrix.PostConcat(SKMatrix.CreateScale((Flip ? -1 : 1) / CropWidth, 1 / CropHeight));
        matrix = matrix.PostConcat(SKMatrix.CreateTranslation(width / 2f, height / 2f));

        // Mirrored edges (fastai's reflection padding) rather than black corners where the rotation reaches outside.
        using var image = SKImage.FromBitmap(source);
        using var shader = image.ToShader(SKShaderTileMode.Mirror, SKShaderTileMode.Mirror, matrix);
        using var paint = new SKPaint { Shader = shader, FilterQuality = SKFilterQuality.Low };
        canvas.DrawRect(0, 0, width, height, paint);
        canvas.Flush();
        return target.GetPixelSpan().ToArray();
    }
}
