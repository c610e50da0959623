using MlPipeline.Core.Backbones;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Prediction;

/// <summary>One tiny model (circle vs square, 5 images each) trained with the real ResNet-50, shared by a test class.</summary>
public sealed class TrainedModelFixture : IAsyncLifetime, IDisposable
{
    private readonly ScratchFolder _root = new();

    /// <summary>The model zip.</summary>
    public string ModelPath => _root.File("model.zip");

    public async Task InitializeAsync()
    {
        var data = _root.File("data");
        SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 5, MinSide = 48, MaxSide = 96 });
        var run = await CliHarness.RunAsync("train", "--data", data, "--output", ModelPath, "--cache-dir", BackboneCache.DefaultDirectory(), "--unfreeze", "none");
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();
}
