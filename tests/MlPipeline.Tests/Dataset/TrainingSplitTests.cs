using System.Security.Cryptography;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.Core.Models;
using MlPipeline.Core.Quantization;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 22: the split train makes has one home, and quantize measures on exactly train's validation side.</summary>
public sealed class TrainingSplitTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Quantize_splits_data_with_copies_and_conflicts_exactly_as_train_does()
    {
        SyntheticDataset.Generate(_root.Path, new SyntheticDatasetSpec { ImagesPerClass = 10 });
        var circle = Directory.GetFiles(_root.File("circle")).Order(StringComparer.Ordinal).ToArray();
        File.Copy(circle[0], _root.File("circle/copy-a" + Path.GetExtension(circle[0])));
        File.Copy(circle[0], _root.File("circle/copy-b" + Path.GetExtension(circle[0])));
        File.Copy(circle[1], _root.File("square/conflict" + Path.GetExtension(circle[1])));
        var sources = TrainingSources.Resolve(DataSource.FromFolder(_root.Path), validationData: null);
        var readable = sources.Images.Select(i => new QuantizeRunner.CalibrationImage(i, Sha256(i.Path))).ToList();

        var quantize = QuantizeRunner.SplitLikeTrain(sources, readable, new TrainingSettings(0.3, 7, "any"));
        var train = TrainingSplit.Create(readable, i => i.Image, i => i.ContentSha256, 0.3, 7).Split;

        Assert.Equal(Paths(train.Validation), Paths(quantize.Validation));
        Assert.Equal(Paths(train.Train), Paths(quantize.Train));
        var conflicted = Sha256(circle[1]);
        Assert.DoesNotContain(quantize.Train.Concat(quantize.Validation), i => i.ContentSha256 == conflicted);
        var copies = Sha256(circle[0]);
        Assert.True(quantize.Train.Count(i => i.ContentSha256 == copies) is 0 or 3);
        Assert.Equal(readable.Count - 2, quantize.Train.Count + quantize.Validation.Count);
    }

    [Fact]
    public void A_separate_validation_folder_is_the_validation_side_less_the_copies_of_training_images()
    {
        SyntheticDataset.Generate(_root.File("train"), new SyntheticDatasetSpec { ImagesPerClass = 4 });
        SyntheticDataset.Generate(_root.File("held"), new SyntheticDatasetSpec { ImagesPerClass = 3, Seed = 9 });
        var leaked = Directory.GetFiles(_root.File("train/circle")).Order(StringComparer.Ordinal).First();
        File.Copy(leaked, _root.File("held/circle/leak" + Path.GetExtension(leaked)));
        var sources = TrainingSources.Resolve(DataSource.FromFolder(_root.File("train")), DataSource.FromFolder(_root.File("held")));
        var readable = sources.Images.Select(i => new QuantizeRunner.CalibrationImage(i, Sha256(i.Path))).ToList();

        var split = QuantizeRunner.SplitLikeTrain(sources, readable, new TrainingSettings(0, 42, "any"));

        Assert.Equal(12, split.Train.Count);
        Assert.Equal(9, split.Validation.Count);
        Assert.All(split.Validation, i => Assert.StartsWith(_root.File("held"), i.Image.Path, StringComparison.Ordinal));
    }

    private static List<string> Paths(IEnumerable<QuantizeRunner.CalibrationImage> images) => [.. images.Select(i => i.Image.Path)];

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
