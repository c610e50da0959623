using System.Security.Cryptography;
using System.Text.Json;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Models;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>Issue 20, item 3: evaluate says when its images were trained on, with the count, and its JSON carries it.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class EvaluateOverlapTests(TrainedModelFixture trained) : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_training_folder_itself_is_named_as_the_training_data()
    {
        var run = await CliHarness.RunAsync("evaluate", "--model", trained.ModelPath, "--data", trained.DataPath, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("warning: This is the training data (its fingerprint is the model's)", run.Stderr, StringComparison.Ordinal);
        var overlap = Overlap(run);
        Assert.True(overlap.GetProperty("isTrainingData").GetBoolean());
    }

    [Fact]
    public async Task Copies_of_training_images_among_new_ones_are_counted()
    {
        var trainedOn = ContentHashSet.Decode(ModelStore.ReadManifest(trained.ModelPath).Dataset.TrainingImages!);
        var trainingSide = Directory.GetFiles(trained.DataPath, "*", SearchOption.AllDirectories)
            .Where(f => trainedOn.Contains(Sha256(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        // The other side of the split, held out from training, is not an overlap: only the training side counts.
        var heldOut = Directory.GetFiles(trained.DataPath, "*", SearchOption.AllDirectories).Except(trainingSide).ToList();
        Assert.NotEmpty(heldOut);
        var data = _root.File("data");
        SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ClassNames = TrainedModelFixture.Classes, ImagesPerClass = 2, Seed = 11, MinSide = 48, MaxSide = 96 });
        foreach (var copy in trainingSide.Take(2).Concat(heldOut.Take(1)))
        {
            var label = Path.GetFileName(Path.GetDirectoryName(copy)!);
            File.Copy(copy, Path.Combine(data, label, "copy-" + Path.GetFileName(copy)));
        }

        var run = await CliHarness.RunAsync("evaluate", "--model", trained.ModelPath, "--data", data, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("warning: 2 of 9 images were in the model's training set", run.Stderr, StringComparison.Ordinal);
        var overlap = Overlap(run);
        Assert.Equal(2, overlap.GetProperty("images").GetInt32());
        Assert.False(overlap.GetProperty("isTrainingData").GetBoolean());
    }

    [Fact]
    public async Task New_images_carry_no_warning()
    {
        var data = _root.File("new");
        SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ClassNames = TrainedModelFixture.Classes, ImagesPerClass = 2, Seed = 12, MinSide = 48, MaxSide = 96 });

        var run = await CliHarness.RunAsync("evaluate", "--model", trained.ModelPath, "--data", data, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain("training", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Overlap(run).GetProperty("images").GetInt32());
    }

    private static JsonElement Overlap(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("dataset").GetProperty("trainingOverlap").Clone();
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
