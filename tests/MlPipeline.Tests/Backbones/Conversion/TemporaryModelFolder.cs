using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>A scratch folder for model.json files written by a test, deleted afterwards.</summary>
internal sealed class TemporaryModelFolder : IDisposable
{
    private readonly ScratchFolder _folder = new();

    public string Path => _folder.Path;

    public string ModelJson => System.IO.Path.Combine(Path, "model.json");

    /// <summary>Copies a tiny fixture model (model.json and weights.bin) into the folder.</summary>
    public TemporaryModelFolder WithFixture(string name)
    {
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras-tiny", name);
        foreach (var file in new[] { "model.json", "weights.bin" })
        {
            File.Copy(System.IO.Path.Combine(source, file), System.IO.Path.Combine(Path, file));
        }

        return this;
    }

    public void Dispose() => _folder.Dispose();
}
