using MlPipeline.Core.Scoring;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using MlPipeline.Tests.Training.Graphs;
using SkiaSharp;

namespace MlPipeline.Tests.Scoring;

/// <summary>
/// The engine's bookkeeping on a tiny graph whose output is known without running it: global average pooling of a
/// solid-colour image is its colour. Readable and unreadable files are interleaved so that errors fall inside,
/// between and at the ends of batches.
/// </summary>
public sealed class ScoringEngineOrderTests : IDisposable
{
    private const int Size = 16;
    private readonly ScratchFolder _root = new();

    // image -> per-channel global average, as [N, 3, 1, 1] features.
    private static readonly ScoringModel ChannelMeans = ScoringModel.ForGraph(
        TinyNetwork.ToOnnx([3, Size, Size], [new TinyLayer("gap", "pooled", ["image"])]), "features", Size, Size);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(64)]
    public void Results_come_in_input_order_with_errors_in_their_place(int batchSize)
    {
        var (paths, colours) = Inputs(count: 41);
        using var engine = new ScoringEngine(ChannelMeans, batchSize);

        var results = engine.Score(paths).ToList();

        Assert.Equal(Enumerable.Range(0, paths.Count), results.Select(r => r.Index));
        Assert.Equal(paths, results.Select(r => r.Source));
        for (var i = 0; i < paths.Count; i++)
        {
            if (colours[i] is { } colour)
            {
                Assert.True(results[i].Succeeded, $"{paths[i]}: {results[i].Error}");
                Assert.Equal([colour.Red, colour.Green, colour.Blue], results[i].Output!, (a, b) => Math.Abs(a - b) < 1e-3f);
                Assert.Equal(64, results[i].ContentSha256!.Length);
            }
            else
            {
                Assert.False(results[i].Succeeded, $"{paths[i]} should have failed");
                Assert.Null(results[i].Output);
                Assert.Null(results[i].ContentSha256);
            }
        }
    }

    [Fact]
    public void Only_errors_and_no_input_are_fine()
    {
        using var engine = new ScoringEngine(ChannelMeans);
        var missing = Enumerable.Range(0, 7).Select(i => _root.File($"missing-{i}.png")).ToList();

        Assert.All(engine.Score(missing), r => Assert.False(r.Succeeded));
        Assert.Equal(7, engine.Score(missing).Count());
        Assert.Empty(engine.Score([]));
    }

    [Fact]
    public async Task Concurrent_uploads_each_get_their_own_result()
    {
        var (paths, colours) = Inputs(count: 24);
        using var engine = new ScoringEngine(ChannelMeans, batchSize: 4);

        var results = await Task.WhenAll(paths.Select(p => Task.Run(() => engine.ScoreAsync(ReadOrEmpty(p), Path.GetFileName(p)))));

        for (var i = 0; i < paths.Count; i++)
        {
            Assert.Equal(Path.GetFileName(paths[i]), results[i].Source);
            if (colours[i] is { } colour)
            {
                Assert.Equal([colour.Red, colour.Green, colour.Blue], results[i].Output!, (a, b) => Math.Abs(a - b) < 1e-3f);
            }
            else
            {
                Assert.False(results[i].Succeeded);
            }
        }
    }

    [Fact]
    public void Cancelling_stops_the_stream()
    {
        var (paths, _) = Inputs(count: 20);
        using var engine = new ScoringEngine(ChannelMeans, batchSize: 2);
        using var cancel = new CancellationTokenSource();

        var seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in engine.Score(paths, cancel.Token))
            {
                if (++seen == 5)
                {
                    cancel.Cancel();
                }
            }
        });
        Assert.InRange(seen, 5, 8);
    }

    public void Dispose() => _root.Dispose();

    private static byte[] ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];

    // Every third input is unreadable: garbage bytes, an empty file or a missing path, in turn.
    private (List<string> Paths, List<SKColor?> Colours) Inputs(int count)
    {
        var paths = new List<string>();
        var colours = new List<SKColor?>();
        for (var i = 0; i < count; i++)
        {
            var path = _root.File($"{i:D3}.png");
            SKColor? colour = null;
            switch (i % 6)
            {
                case 2:
                    EdgeCaseImages.WriteGarbageFile(path, seed: i);
                    break;
                case 4:
                    EdgeCaseImages.WriteEmptyFile(path);
                    break;
                case 5 when i % 12 == 5:
                    break;
                default:
                    colour = new SKColor((byte)(i * 5), (byte)(255 - (i * 3)), (byte)((i * 37) % 256));
                    WriteSolid(path, colour.Value);
                    break;
            }

            paths.Add(path);
            colours.Add(colour);
        }

        return (paths, colours);
    }

    private static void WriteSolid(string path, SKColor colour)
    {
        using var bitmap = new SKBitmap(Size * 2, Size * 2);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
