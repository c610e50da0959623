using MlPipeline.ImageGen;

namespace MlPipeline.Tests.ImageGen;

public sealed class GeneratorOptionsTests
{
    [Fact]
    public void Parses_every_option()
    {
        var options = GeneratorOptions.Parse(
        [
            "--output", "out", "--classes", "ring, cross", "--per-class", "5", "--seed", "-3",
            "--min-size", "10", "--max-size", "20", "--formats", "PNG,webp,bmp,jpeg",
        ]);

        Assert.Equal("out", options.OutputDirectory);
        Assert.Equal(["ring", "cross"], options.Spec.ClassNames);
        Assert.Equal((5, -3, 10, 20), (options.Spec.ImagesPerClass, options.Spec.Seed, options.Spec.MinSide, options.Spec.MaxSide));
        Assert.Equal(
            [ImageFileFormat.Png, ImageFileFormat.Webp, ImageFileFormat.Bmp, ImageFileFormat.Jpeg],
            options.Spec.Formats);
    }

    [Fact]
    public void Only_output_is_required()
    {
        var options = GeneratorOptions.Parse(["--output", "out"]);

        Assert.Equal(new SyntheticDatasetSpec().ClassNames, options.Spec.ClassNames);
        Assert.Equal(new SyntheticDatasetSpec().Formats, options.Spec.Formats);
    }

    [Theory]
    [InlineData("--per-class", "5")]
    [InlineData("--output")]
    [InlineData("--output", "out", "--per-class", "many")]
    [InlineData("--output", "out", "--colour", "red")]
    [InlineData("--output", "out", "--output", "again")]
    [InlineData("--output", "out", "--formats", "gif")]
    public void Rejects_bad_command_lines(params string[] args) =>
        Assert.Throws<ArgumentException>(() => GeneratorOptions.Parse(args));
}
