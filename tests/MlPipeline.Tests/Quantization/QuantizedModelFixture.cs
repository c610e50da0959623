using MlPipeline.Core.Backbones;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Quantization;

/// <summary>data/sample trained with the real ResNet-50, then quantized by the CLI: shared by a test class.</summary>
public sealed class QuantizedModelFixture : IAsyncLifetime, IDisposable
{
    private readonly ScratchFolder _root = new();

    public static string Data => System.IO.Path.Combine(RepositoryRoot.Path, "data", "sample");

    public string FloatPath => _root.File("model.zip");

    public string Int8Path => _root.File("model-int8.zip");

    public string Folder => _root.Path;

    internal CliRun Run { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        var train = await CliHarness.RunAsync("train", "--data", Data, "--output", FloatPath, "--cache-dir", BackboneCache.DefaultDirectory(), "--unfreeze", "none", "--quiet");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Run = await CliHarness.RunAsync("quantize", "--model", FloatPath, "--data", Data, "--output", Int8Path, "--json", "--quiet");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();
}
