using MlPipeline.Core.Imaging;
using MlPipeline.Tests.Dataset;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Imaging;

/// <summary>Issue 8: an unsupported format and an undecodable name each get their own reason, apart from corrupt files.</summary>
public sealed class ImageReaderReasonTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0 }, "unsupported format: tiff")]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8, 0, 0 }, "unsupported format: tiff")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63 }, "unsupported format: heic")]
    public void An_unsupported_format_is_named_by_its_magic_bytes(byte[] bytes, string reason)
    {
        var e = Assert.Throws<ImageReadException>(() => new ImageReader(8, 8).Read(bytes, "x.jpg"));

        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void Garbage_is_still_not_a_readable_image()
    {
        var e = Assert.Throws<ImageReadException>(() => new ImageReader(8, 8).Read([1, 2, 3, 4, 5, 6, 7, 8], "x.jpg"));

        Assert.Equal("not a readable image", e.Reason);
    }

    [Fact]
    public void A_file_whose_name_is_not_utf8_says_so()
    {
        SymlinkScanTests.WriteRawName(_root.Path, [0xFE, 0xFF, .. ".png"u8]);
        var listed = Assert.Single(Directory.EnumerateFiles(_root.Path));

        var e = Assert.Throws<ImageReadException>(() => new ImageReader(8, 8).Read(listed));

        Assert.Equal(FileNames.UndecodableReason, e.Reason);
    }
}
