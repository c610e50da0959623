using MlPipeline.Core.Backbones;
using MlPipeline.ImageGen;

namespace MlPipeline.Tests.Support;

/// <summary>
/// The one model the end-to-end tier trains (circle, square and triangle, 5 generated images each, the real
/// ResNet-50), trained once per test run by the CLI itself and shared by every class in <see cref="ResNet50Tests"/>.
/// </summary>
public sealed class TrainedModelFixture : IAsyncLifetime, IDisposable
{
    /// <summary>The model's classes, in label order.</summary>
    public static readonly string[] Classes = ["circle", "square", "triangle"];

    private readonly ScratchFolder _root = new();

    /// <summary>The model zip.</summary>
    public string ModelPath => _root.File("model.zip");

    /// <summary>The folder it was trained on (one subfolder per class).</summary>
    public string DataPath => _root.File("data");

    public async Task InitializeAsync()
    {
        SyntheticDataset.Generate(DataPath, new SyntheticDatasetSpec { ClassNames = Classes, ImagesPerClass = 5, MinSide = 48, MaxSide = 96 });
        // The only place the shared model is trained: train options the end-to-end tier depends on go here. A linear
        // probe, because these tests are about what the verbs do with a model; fine-tuning has its own tests.
        var run = await CliHarness.RunAsync("train", "--data", DataPath, "--output", ModelPath, "--cache-dir", BackboneCache.DefaultDirectory(), "--quiet", "--unfreeze", "none");
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();
}
