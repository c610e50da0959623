using MlPipeline.Core.Backbones;
using MlPipeline.Tests.Prediction;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Export;

/// <summary>The tiny trained model exported once (ONNX file and web page) and shared by a test class.</summary>
public sealed class ExportedModelFixture : IAsyncLifetime, IDisposable
{
    private readonly TrainedModelFixture _trained = new();
    private readonly ScratchFolder _root = new();

    public string ModelPath => _trained.ModelPath;

    public string OnnxPath => _root.File("model.onnx");

    public string WebDirectory => _root.File("web");

    /// <summary>What the export printed.</summary>
    internal CliRun Run { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        await _trained.InitializeAsync();
        Run = await CliHarness.RunAsync(
            "export", "--model", ModelPath, "--output", OnnxPath, "--web", WebDirectory, "--cache-dir", BackboneCache.DefaultDirectory());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _root.Dispose();
        _trained.Dispose();
    }
}
