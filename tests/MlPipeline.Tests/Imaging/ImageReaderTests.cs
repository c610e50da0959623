using Microsoft.ML.Data;
using MlPipeline.Core.Imaging;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Imaging;

public sealed class ImageReaderTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(1, 128, 64, "red", "blue", "green-top-left")]
    [InlineData(3, 128, 64, "blue", "red", "green-bottom-right")]
    [InlineData(6, 64, 128, "red", "blue", "green-top-right")]
    [InlineData(8, 64, 128, "blue", "red", "green-bottom-left")]
    public void Exif_orientation_is_applied(int orientation, int width, int height, string firstHalf, string secondHalf, string marker)
    {
        var path = EdgeCaseImages.WriteOrientedJpeg(_root.File($"o{orientation}.jpg"), orientation);

        using var image = new ImageReader(width, height).Read(path).Image;

        // Landscape results split left/right, portrait ones top/bottom; sample well inside each half.
        var (first, second) = width > height
            ? (Pixel(image, width / 4, height * 3 / 4), Pixel(image, width * 3 / 4, height / 4))
            : (Pixel(image, width / 4, height / 4 + 16), Pixel(image, width / 2, height * 3 / 4));
        Assert.Equal(firstHalf, ColourName(first));
        Assert.Equal(secondHalf, ColourName(second));
        var m = EdgeCaseImages.OrientedJpegMarkerSide / 2;
        var (mx, my) = marker switch
        {
            "green-top-left" => (m, m),
            "green-top-right" => (width - m, m),
            "green-bottom-right" => (width - m, height - m),
            _ => (m, height - m),
        };
        Assert.Equal("green", ColourName(Pixel(image, mx, my)));
    }

    [Fact]
    public void Grayscale_becomes_rgb_with_equal_channels()
    {
        var path = EdgeCaseImages.WriteGrayscalePng(_root.File("gray.png"));

        using var image = new ImageReader(64, 64).Read(path).Image;

        var (r, g, b) = Pixel(image, 48, 32);
        Assert.Equal(r, g);
        Assert.Equal(g, b);
        Assert.True(Pixel(image, 60, 32).R > Pixel(image, 4, 32).R, "the ramp should brighten to the right");
    }

    [Fact]
    public void Alpha_is_dropped_keeping_the_colour_under_it()
    {
        var path = EdgeCaseImages.WritePngWithAlpha(_root.File("alpha.png"));

        using var image = new ImageReader(64, 64).Read(path).Image;

        var (r, g, b) = Pixel(image, 8, 8);
        Assert.InRange(r, 0, 2);
        Assert.InRange(g, 126, 130);
        Assert.InRange(b, 253, 255);
        Assert.All(Enumerable.Range(0, 64 * 64), i => Assert.Equal(255, image.Pixels[(i * 4) + 3]));
    }

    [Fact]
    public void Sixteen_bit_png_is_read_as_eight_bit_rgb()
    {
        var path = EdgeCaseImages.Write16BitPng(_root.File("deep.png"));

        using var image = new ImageReader(64, 64).Read(path).Image;

        Assert.InRange(Pixel(image, 1, 10).R, 60, 70);
        Assert.InRange(Pixel(image, 62, 10).R, 185, 195);
    }

    [Fact]
    public void Images_are_resized_to_the_requested_size()
    {
        var path = EdgeCaseImages.WriteOrientedJpeg(_root.File("big.jpg"), 1);

        using var image = new ImageReader(224, 224).Read(path).Image;

        Assert.Equal((224, 224), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("empty.jpg", "empty file")]
    [InlineData("garbage.png", "not a readable image")]
    [InlineData("truncated.jpg", "truncated image")]
    public void Unreadable_files_fail_with_a_reason(string name, string reason)
    {
        var path = _root.File(name);
        _ = name switch
        {
            "empty.jpg" => EdgeCaseImages.WriteEmptyFile(path),
            "garbage.png" => EdgeCaseImages.WriteGarbageFile(path),
            _ => EdgeCaseImages.WriteTruncatedJpeg(path),
        };

        var e = Assert.Throws<ImageReadException>(() => new ImageReader(224, 224).Read(path));

        Assert.Equal(reason, e.Reason);
    }

    private static (int R, int G, int B) Pixel(MLImage image, int x, int y)
    {
        Assert.Equal(MLPixelFormat.Rgba32, image.PixelFormat);
        var i = ((y * image.Width) + x) * 4;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static string ColourName((int R, int G, int B) p) => p switch
    {
        { R: > 200, G: < 60, B: < 60 } => "red",
        { R: < 60, G: > 200, B: < 60 } => "green",
        { R: < 60, G: < 60, B: > 200 } => "blue",
        _ => $"other({p.R},{p.G},{p.B})",
    };
}
