using MlPipeline.Core;
using MlPipeline.Core.Models;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>Issue 23, item 12: messages that named the wrong cause now name the right one, with the right exit code.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class DataMessageTests(ResNet50Fixture resnet, TrainedModelFixture trained) : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_class_of_identical_copies_is_named_as_copies_not_as_a_single_image()
    {
        var data = _root.File("data");
        var generated = SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ClassNames = ["circle", "square", "triangle"], ImagesPerClass = 4, MinSide = 48, MaxSide = 96 });
        var triangle = Path.Combine(data, "triangle");
        var original = generated.Images.First(i => i.ClassName == "triangle").Path;
        foreach (var other in Directory.GetFiles(triangle).Where(f => f != original))
        {
            File.Delete(other);
        }

        for (var i = 1; i < 6; i++)
        {
            File.Copy(original, Path.Combine(triangle, $"copy{i}{Path.GetExtension(original)}"));
        }

        var run = await CliHarness.RunAsync("train", "--data", data, "--output", _root.File("m.zip"), "--cache-dir", resnet.CacheDirectory, "--unfreeze", "none");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("warning: Not validated: triangle (its 6 readable images are copies of one file).", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, ModelStore.ReadManifest(_root.File("m.zip")).Dataset.ValidationCounts["triangle"]);
    }

    [Fact]
    public async Task Quantize_on_data_that_is_all_truncated_says_so_rather_than_no_validation_images()
    {
        var data = _root.File("truncated");
        foreach (var label in TrainedModelFixture.Classes)
        {
            Directory.CreateDirectory(Path.Combine(data, label));
            for (var i = 0; i < 3; i++)
            {
                EdgeCaseImages.WriteTruncatedJpeg(Path.Combine(data, label, $"cut{i}.jpg"));
            }
        }

        var run = await CliHarness.RunAsync("quantize", "--model", trained.ModelPath, "--data", data, "--output", _root.File("q.zip"));

        CliAssert.OneLineError(run, ExitCode.DataError, $"No readable image of the model's classes in {data}: all 9 were skipped (first: circle/cut0.jpg: truncated image).");
        Assert.False(File.Exists(_root.File("q.zip")));
    }
}
