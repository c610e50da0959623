using MlPipeline.Core.Imaging;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Serving;

/// <summary>The in-memory path uploads take through <see cref="ImageReader"/>.</summary>
public sealed class ImageReaderBytesTests : IDisposable
{
    private readonly ScratchFolder _root = new();
    private readonly ImageReader _reader = new(224, 224);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Bytes_decode_to_the_same_pixels_as_the_file()
    {
        var path = EdgeCaseImages.WriteOrientedJpeg(_root.File("rotated.jpg"), orientation: 6);

        using var fromFile = _reader.Read(path).Image;
        var fromBytes = _reader.Read(File.ReadAllBytes(path), "upload");
        using var image = fromBytes.Image;

        Assert.Equal(fromFile.Pixels.ToArray(), image.Pixels.ToArray());
        Assert.Equal(_reader.Read(path).ContentSha256, fromBytes.ContentSha256);
    }

    [Fact]
    public void Empty_and_garbage_bytes_name_the_upload()
    {
        var empty = Assert.Throws<ImageReadException>(() => _reader.Read([], "empty.png"));
        var garbage = Assert.Throws<ImageReadException>(() => _reader.Read(File.ReadAllBytes(EdgeCaseImages.WriteGarbageFile(_root.File("g.png"))), "g.png"));

        Assert.Equal("empty.png", empty.FilePath);
        Assert.Equal("g.png", garbage.FilePath);
        Assert.Equal("not a readable image", garbage.Reason);
    }

    [Fact]
    public void An_image_claiming_more_than_the_pixel_limit_is_refused_from_its_header()
    {
        var bomb = OversizedPng.Create(10_000, 10_000);

        var error = Assert.Throws<ImageReadException>(() => _reader.Read(bomb, "bomb.png"));

        Assert.True(bomb.Length < 1_000_000, $"{bomb.Length} bytes");
        Assert.Equal("10000x10000 pixels is above the limit of 50 megapixels", error.Reason);
    }

    [Fact]
    public void An_image_just_under_the_limit_header_is_not_refused_for_its_size()
    {
        // 7000x7000 = 49 MP: allowed through the check; this one then fails on its deliberately short pixel data.
        var error = Assert.Throws<ImageReadException>(() => _reader.Read(OversizedPng.Create(7_000, 7_000), "big.png"));

        Assert.DoesNotContain("megapixels", error.Reason, StringComparison.Ordinal);
    }
}
