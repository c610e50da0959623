using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using SkiaSharp;

namespace MlPipeline.Tests.ImageGen;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly ScratchFolder scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void Writes_one_folder_per_class_with_numbered_files_in_rotating_formats()
    {
        var dataset = SyntheticDataset.Generate(scratch.Path, new SyntheticDatasetSpec { ImagesPerClass = 3 });

        Assert.Equal(["circle", "square", "triangle"], Directory.GetDirectories(scratch.Path).Select(Path.GetFileName).Order());
        Assert.Equal(
            ["circle_000.jpg", "circle_001.png", "circle_002.jpg"],
            Directory.GetFiles(Path.Combine(scratch.Path, "circle")).Select(Path.GetFileName).Order());
        Assert.Equal(9, dataset.Images.Count);
        Assert.Equal(dataset.Images.Sum(i => new FileInfo(i.Path).Length), dataset.TotalBytes);
    }

    [Fact]
    public void Equal_specs_give_byte_identical_files()
    {
        var spec = new SyntheticDatasetSpec { ImagesPerClass = 4, Formats = [.. Enum.GetValues<ImageFileFormat>()] };

        var first = SyntheticDataset.Generate(Path.Combine(scratch.Path, "a"), spec);
        var second = SyntheticDataset.Generate(Path.Combine(scratch.Path, "b"), spec);

        Assert.All(first.Images.Zip(second.Images), pair =>
            Assert.Equal(File.ReadAllBytes(pair.First.Path), File.ReadAllBytes(pair.Second.Path)));
    }

    [Fact]
    public void A_different_seed_gives_different_images()
    {
        var first = SyntheticDataset.Generate(Path.Combine(scratch.Path, "a"), new SyntheticDatasetSpec { ImagesPerClass = 1, Seed = 1 });
        var second = SyntheticDataset.Generate(Path.Combine(scratch.Path, "b"), new SyntheticDatasetSpec { ImagesPerClass = 1, Seed = 2 });

        Assert.NotEqual(File.ReadAllBytes(first.Images[0].Path), File.ReadAllBytes(second.Images[0].Path));
    }

    [Fact]
    public void Adding_a_class_leaves_the_other_classes_images_unchanged()
    {
        var small = SyntheticDataset.Generate(
            Path.Combine(scratch.Path, "a"), new SyntheticDatasetSpec { ClassNames = ["circle"], ImagesPerClass = 2 });
        var large = SyntheticDataset.Generate(
            Path.Combine(scratch.Path, "b"), new SyntheticDatasetSpec { ClassNames = ["ring", "circle"], ImagesPerClass = 2 });

        var circles = large.Images.Where(i => i.ClassName == "circle").ToList();
        Assert.All(small.Images.Zip(circles), pair =>
            Assert.Equal(File.ReadAllBytes(pair.First.Path), File.ReadAllBytes(pair.Second.Path)));
    }

    [Fact]
    public void Every_supported_class_and_format_decodes_at_the_recorded_size_within_bounds()
    {
        var spec = new SyntheticDatasetSpec
        {
            ClassNames = SyntheticDataset.SupportedClassNames,
            ImagesPerClass = 4,
            MinSide = 40,
            MaxSide = 90,
            Formats = [ImageFileFormat.Jpeg, ImageFileFormat.Png, ImageFileFormat.Bmp, ImageFileFormat.Webp],
        };

        var dataset = SyntheticDataset.Generate(scratch.Path, spec);

        Assert.Equal(6 * 4, dataset.Images.Count);
        Assert.All(dataset.Images, image =>
        {
            using var bitmap = SKBitmap.Decode(image.Path);
            Assert.NotNull(bitmap);
            Assert.Equal((image.Width, image.Height), (bitmap.Width, bitmap.Height));
            Assert.InRange(image.Width, 40, 90);
            Assert.InRange(image.Height, 40, 90);
            Assert.EndsWith("." + image.Format.FileExtension(), image.Path, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Shape_and_background_differ_in_brightness()
    {
        var spec = new SyntheticDatasetSpec { ImagesPerClass = 10, Formats = [ImageFileFormat.Png] };

        Assert.All(SyntheticDataset.Generate(scratch.Path, spec).Images, image =>
        {
            using var bitmap = SKBitmap.Decode(image.Path);
            var luminances = bitmap.Pixels.Select(p => (0.299 * p.Red) + (0.587 * p.Green) + (0.114 * p.Blue)).ToList();
            Assert.True(luminances.Max() - luminances.Min() > 40, $"{image.Path} looks flat");
        });
    }

    [Theory]
    [InlineData("hexagon")]
    [InlineData("Circle")]
    public void Rejects_unknown_class_names(string className)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SyntheticDataset.Generate(scratch.Path, new SyntheticDatasetSpec { ClassNames = [className] }));
        Assert.Contains(className, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 64, 128)]
    [InlineData(1, 0, 128)]
    [InlineData(1, 100, 50)]
    public void Rejects_bad_counts_and_sizes(int perClass, int minSide, int maxSide) =>
        Assert.Throws<ArgumentException>(() => SyntheticDataset.Generate(
            scratch.Path,
            new SyntheticDatasetSpec { ImagesPerClass = perClass, MinSide = minSide, MaxSide = maxSide }));

    [Fact]
    public void Rejects_repeated_classes_and_empty_formats()
    {
        Assert.Throws<ArgumentException>(() =>
            SyntheticDataset.Generate(scratch.Path, new SyntheticDatasetSpec { ClassNames = ["ring", "ring"] }));
        Assert.Throws<ArgumentException>(() =>
            SyntheticDataset.Generate(scratch.Path, new SyntheticDatasetSpec { Formats = [] }));
    }

    [Fact]
    public void Pads_indices_past_three_digits_only_when_needed()
    {
        var dataset = SyntheticDataset.Generate(
            scratch.Path,
            new SyntheticDatasetSpec { ClassNames = ["circle"], ImagesPerClass = 1001, MinSide = 1, MaxSide = 2 });

        Assert.Equal("circle_0000.jpg", Path.GetFileName(dataset.Images[0].Path));
        Assert.Equal("circle_1000.jpg", Path.GetFileName(dataset.Images[^1].Path));
    }
}
