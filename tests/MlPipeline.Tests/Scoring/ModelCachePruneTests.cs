using MlPipeline.Core.Scoring;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Scoring;

public sealed class ModelCachePruneTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    [Fact]
    public void Keeps_the_most_recently_used_and_anything_used_in_the_last_minutes()
    {
        var now = DateTime.UtcNow;
        // Last used: a 1 minute ago, b 1 hour, c 2 hours, d 3 hours, e 5 minutes.
        (string Name, TimeSpan Ago)[] entries =
            [("a", TimeSpan.FromMinutes(1)), ("b", TimeSpan.FromHours(1)), ("c", TimeSpan.FromHours(2)), ("d", TimeSpan.FromHours(3)), ("e", TimeSpan.FromMinutes(5))];
        foreach (var (name, ago) in entries)
        {
            var path = _root.File($"{name}.onnx");
            File.WriteAllBytes(path, [1]);
            File.SetLastWriteTimeUtc(path, now - ago);
        }

        File.WriteAllText(_root.File("c.head.json"), "{}");

        ModelCache.Prune(_root.Path, "*.onnx", keep: 1);

        // a is the one kept; e is past the limit but was used minutes ago, so another process may be opening it.
        Assert.Equal(["a.onnx", "c.head.json", "e.onnx"], Directory.GetFiles(_root.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _root.Dispose();
}
