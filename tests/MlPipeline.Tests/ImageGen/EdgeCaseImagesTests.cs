using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using SkiaSharp;

namespace MlPipeline.Tests.ImageGen;

public sealed class EdgeCaseImagesTests : IDisposable
{
    private readonly ScratchFolder scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Empty_file_has_no_bytes_and_its_folder_is_created()
    {
        string path = EdgeCaseImages.WriteEmptyFile(scratch.File(Path.Combine("nested", "empty.jpg")));

        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public void Garbage_file_is_not_recognised_as_an_image()
    {
        string path = EdgeCaseImages.WriteGarbageFile(scratch.File("garbage.png"), length: 1000, seed: 7);

        Assert.Equal(1000, new FileInfo(path).Length);
        Assert.Null(SKCodec.Create(path));
    }

    [Fact]
    public void Truncated_jpeg_reads_its_header_but_not_all_its_pixels()
    {
        string path = EdgeCaseImages.WriteTruncatedJpeg(scratch.File("truncated.jpg"));
        byte[] bytes = File.ReadAllBytes(path);

        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.NotEqual([0xFF, 0xD9], bytes[^2..]);
        using var codec = SKCodec.Create(path);
        Assert.NotNull(codec);
        Assert.Equal((128, 128), (codec.Info.Width, codec.Info.Height));
        using var bitmap = new SKBitmap(codec.Info);
        Assert.Equal(SKCodecResult.IncompleteInput, codec.GetPixels(bitmap.Info, bitmap.GetPixels()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Oriented_jpeg_carries_its_exif_orientation_after_soi(int orientation)
    {
        string path = EdgeCaseImages.WriteOrientedJpeg(scratch.File("oriented.jpg"), orientation);
        byte[] bytes = File.ReadAllBytes(path);

        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE1], bytes[..4]);
        Assert.Equal("Exif\0\0"u8.ToArray(), bytes[6..12]);
        using var codec = SKCodec.Create(path);
        Assert.Equal((SKEncodedOrigin)orientation, codec.EncodedOrigin);
    }

    [Fact]
    public void Oriented_jpeg_stores_the_documented_landscape_pattern()
    {
        string path = EdgeCaseImages.WriteOrientedJpeg(scratch.File("oriented.jpg"), 6);

        // SKBitmap.Decode ignores EXIF, so these are the stored pixels.
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(
            (EdgeCaseImages.OrientedJpegStoredWidth, EdgeCaseImages.OrientedJpegStoredHeight),
            (bitmap.Width, bitmap.Height));
        AssertNear(new SKColor(255, 0, 0), bitmap.GetPixel(40, 40));
        AssertNear(new SKColor(0, 0, 255), bitmap.GetPixel(96, 32));
        AssertNear(new SKColor(0, 255, 0), bitmap.GetPixel(6, 6));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Oriented_jpeg_rejects_orientations_outside_exif_range(int orientation) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EdgeCaseImages.WriteOrientedJpeg(scratch.File("bad.jpg"), orientation));

    [Fact]
    public void Grayscale_png_is_single_channel_ramp()
    {
        string path = EdgeCaseImages.WriteGrayscalePng(scratch.File("gray.png"), width: 32, height: 8);

        Assert.Equal(new PngHeader(32, 8, BitDepth: 8, ColourType: 0), PngHeader.Read(path));
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(SKColors.Black, bitmap.GetPixel(0, 4));
        Assert.Equal(SKColors.White, bitmap.GetPixel(31, 4));
    }

    [Fact]
    public void Alpha_png_ramps_from_transparent_to_opaque()
    {
        string path = EdgeCaseImages.WritePngWithAlpha(scratch.File("alpha.png"));

        Assert.Equal(new PngHeader(64, 64, BitDepth: 8, ColourType: 6), PngHeader.Read(path));
        using var codec = SKCodec.Create(path);
        using var bitmap = SKBitmap.Decode(codec, codec.Info.WithAlphaType(SKAlphaType.Unpremul));
        Assert.Equal(0, bitmap.GetPixel(0, 10).Alpha);
        Assert.InRange(bitmap.GetPixel(32, 10).Alpha, 1, 254);
        Assert.Equal(new SKColor(0, 128, 255, 255), bitmap.GetPixel(63, 10));
    }

    [Fact]
    public void Sixteen_bit_png_has_sixteen_bit_rgb_samples_and_decodes()
    {
        string path = EdgeCaseImages.Write16BitPng(scratch.File("deep.png"));

        Assert.Equal(new PngHeader(64, 64, BitDepth: 16, ColourType: 2), PngHeader.Read(path));
        using var bitmap = SKBitmap.Decode(path);
        Assert.InRange(bitmap.GetPixel(0, 0).Red, 62, 66);
        Assert.InRange(bitmap.GetPixel(63, 0).Red, 189, 193);
    }

    private static void AssertNear(SKColor expected, SKColor actual)
    {
        // JPEG moves colours a little even in flat regions.
        const int Tolerance = 24;
        Assert.InRange(actual.Red, Math.Max(0, expected.Red - Tolerance), Math.Min(255, expected.Red + Tolerance));
        Assert.InRange(actual.Green, Math.Max(0, expected.Green - Tolerance), Math.Min(255, expected.Green + Tolerance));
        Assert.InRange(actual.Blue, Math.Max(0, expected.Blue - Tolerance), Math.Min(255, expected.Blue + Tolerance));
    }
}
