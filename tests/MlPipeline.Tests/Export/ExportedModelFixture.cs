using MlPipeline.Core.Backbones;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Export;

/// <summary>
/// The shared trained model exported once (ONNX file and web page) for a test class. xunit does not hand collection
/// fixtures to class fixtures, so the test class passes the model in and the first call exports.
/// </summary>
public sealed class ExportedModelFixture : IDisposable
{
    private readonly ScratchFolder _root = new();
    private readonly SemaphoreSlim _once = new(1, 1);

    public string ModelPath { get; private set; } = "";

    public string OnnxPath => _root.File("model.onnx");

    public string WebDirectory => _root.File("web");

    /// <summary>What the export printed.</summary>
    internal CliRun Run { get; private set; } = new(-1, "", "");

    /// <summary>Exports <paramref name="modelPath"/> on the first call; later calls return at once.</summary>
    public async Task ExportAsync(string modelPath)
    {
        await _once.WaitAsync();
        try
        {
            if (ModelPath.Length > 0)
            {
                return;
            }

            ModelPath = modelPath;
            Run = await CliHarness.RunAsync(
                "export", "--model", ModelPath, "--output", OnnxPath, "--web", WebDirectory, "--cache-dir", BackboneCache.DefaultDirectory());
        }
        finally
        {
            _once.Release();
        }
    }

    public void Dispose()
    {
        _once.Dispose();
        _root.Dispose();
    }
}
