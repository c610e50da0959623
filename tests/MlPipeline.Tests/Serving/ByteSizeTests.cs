using MlPipeline.Serving;

namespace MlPipeline.Tests.Serving;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("10MB", 10L * 1024 * 1024)]
    [InlineData("512kb", 512L * 1024)]
    [InlineData("1.5 KB", 1536)]
    [InlineData("2048", 2048)]
    [InlineData("100B", 100)]
    [InlineData("1GB", 1L << 30)]
    public void Sizes_with_binary_units_parse(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("ten MB")]
    [InlineData("0")]
    [InlineData("-5MB")]
    [InlineData("0.3B")]
    [InlineData("10TB")]
    public void Anything_else_is_refused(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData(10L * 1024 * 1024, "10 MB")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(300, "300 B")]
    public void Sizes_format_in_the_largest_whole_unit(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));
}
