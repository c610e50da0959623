using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Pipeline;

/// <summary>
/// Runs every image through the frozen featurizer exactly once. Decoding runs on worker threads ahead of the
/// backbone, through a small bounded queue, so memory holds a few decoded images at a time whatever the
/// dataset size; only the 2048 floats per image are kept.
/// </summary>
public sealed class ImageFeaturizer(MLContext mlContext, ITransformer featurizer, ImageReader reader)
{
    private const int QueueCapacity = 16;

    /// <summary>Featurizes <paramref name="images"/>; unreadable files are skipped, reported, and returned.</summary>
    public FeaturizationResult Featurize(IReadOnlyList<LabeledImage> images, IRunObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(observer);
        var stopwatch = Stopwatch.StartNew();
        var features = new float[images.Count][];
        var hashes = new string[images.Count];
        var skipped = new ConcurrentBag<(int Index, string Reason)>();

        observer.Track("Featurizing", images.Count, advance =>
        {
            using var cancelDecoding = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var queue = Channel.CreateBounded<DecodedRow>(QueueCapacity);
            var producer = Task.Run(() => Decode(images, queue.Writer, skipped, hashes, advance, cancelDecoding.Token), CancellationToken.None);
            try
            {
                Consume(queue.Reader, features, advance, ct);
            }
            finally
            {
                cancelDecoding.Cancel();
                producer.GetAwaiter().GetResult();
                DrainAndDispose(queue.Reader);
            }

            return 0;
        });
        ct.ThrowIfCancellationRequested();

        var skippedList = skipped.OrderBy(s => s.Index)
            .Select(s => new SkippedImage(images[s.Index].RelativePath, s.Reason))
            .ToList();
        foreach (var skip in skippedList)
        {
            observer.Warn($"Skipped {skip.RelativePath}: {skip.Reason}");
        }

        var done = Enumerable.Range(0, images.Count)
            .Where(i => features[i] is not null)
            .Select(i => new FeaturizedImage(images[i], features[i], hashes[i]))
            .ToList();
        return new FeaturizationResult(done, skippedList, stopwatch.Elapsed);
    }

    private void Decode(
        IReadOnlyList<LabeledImage> images,
        ChannelWriter<DecodedRow> writer,
        ConcurrentBag<(int, string)> skipped,
        string[] hashes,
        Action<int> advance,
        CancellationToken ct)
    {
        // One core is left to the backbone, which is the bottleneck; more decoders would only contend with it.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1), CancellationToken = ct };
        try
        {
            Parallel.For(0, images.Count, options, i =>
            {
                try
                {
                    var decoded = reader.Read(images[i].Path);
                    hashes[i] = decoded.ContentSha256;
                    try
                    {
                        writer.WriteAsync(new DecodedRow { Image = decoded.Image, Index = i }, ct).AsTask().GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException)
                    {
                        decoded.Image.Dispose();
                        throw;
                    }
                }
                catch (ImageReadException e)
                {
                    skipped.Add((i, e.Reason));
                    advance(1);
                }
            });
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private void Consume(ChannelReader<DecodedRow> queue, float[][] features, Action<int> advance, CancellationToken ct)
    {
        ImageColumnType.EnsureRegistered();
        var rows = mlContext.Data.LoadFromEnumerable(ReadAll(queue, ct));
        var transformed = featurizer.Transform(rows);
        var featureColumn = transformed.Schema[ColumnNames.Features];
        var indexColumn = transformed.Schema[nameof(DecodedRow.Index)];
        using var cursor = transformed.GetRowCursor([featureColumn, indexColumn]);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var getIndex = cursor.GetGetter<int>(indexColumn);
        VBuffer<float> buffer = default;
        var index = 0;
        while (cursor.MoveNext())
        {
            ct.ThrowIfCancellationRequested();
            getFeatures(ref buffer);
            getIndex(ref index);
            features[index] = [.. buffer.DenseValues()];
            advance(1);
        }
    }

    // Yields queued images to ML.NET and disposes each once the cursor has moved past it.
    private static IEnumerable<DecodedRow> ReadAll(ChannelReader<DecodedRow> queue, CancellationToken ct)
    {
        foreach (var row in queue.ReadAllAsync(ct).ToBlockingEnumerable(ct))
        {
            yield return row;
            row.Image?.Dispose();
        }
    }

    private static void DrainAndDispose(ChannelReader<DecodedRow> queue)
    {
        while (queue.TryRead(out var row))
        {
            row.Image?.Dispose();
        }
    }

    private sealed class DecodedRow
    {
        [ColumnName(ColumnNames.Image)]
            public MLImage? Image { get; set; }

        public int Index { get; set; }
    }
}
