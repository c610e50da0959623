using System.Threading.Channels;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Imaging;

namespace MlPipeline.Core.Pipeline;

/// <summary>
/// Streams image files through an ML.NET transformer in input order. Files are decoded on the thread pool a
/// bounded number ahead of the transformer, so decoding overlaps inference and memory holds only a few decoded
/// images whatever the number of files; unreadable files come out in their place as errors.
/// </summary>
public sealed class StreamingScorer(MLContext mlContext, ImageReader reader)
{
    /// <summary>Column carrying each row's position in the input list.</summary>
    public const string IndexColumn = "Index";

    /// <summary>Column carrying the SHA-256 of each file's bytes.</summary>
    public const string ContentHashColumn = "ContentSha256";

    // Enough decoded images in flight to keep the backbone busy while a slow file decodes.
    private static readonly int Lookahead = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>
    /// Runs every file through <paramref name="transformer"/> and calls <paramref name="onRow"/> once per file, in
    /// input order, with either the value <paramref name="bind"/> reads from the transformed row, or the read error.
    /// </summary>
    /// <param name="paths">Image files.</param>
    /// <param name="transformer">A transformer over <see cref="ColumnNames.Image"/>.</param>
    /// <param name="bind">Given the cursor over transformed rows, returns a function reading the current row.</param>
    /// <param name="onRow">Receives (index, value, null) or (index, default, error reason).</param>
    /// <param name="ct">Stops the stream; the exception propagates.</param>
    public void Run<T>(
        IReadOnlyList<string> paths,
        ITransformer transformer,
        Func<DataViewRowCursor, Func<T>> bind,
        Action<int, T?, string?> onRow,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(onRow);
        ImageColumnType.EnsureRegistered();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pending = Channel.CreateBounded<(int Index, Task<DecodedImage> Decoding)>(Lookahead);
        var producer = Task.Run(() => StartDecoding(paths, pending.Writer, stop.Token), CancellationToken.None);
        var errors = new Queue<(int Index, string Reason)>();
        try
        {
            var transformed = transformer.Transform(mlContext.Data.LoadFromEnumerable(Decoded(pending.Reader, errors, stop.Token)));
            using var cursor = transformed.GetRowCursor(transformed.Schema);
            var getIndex = cursor.GetGetter<int>(transformed.Schema[IndexColumn]);
            var read = bind(cursor);
            var index = 0;
            while (cursor.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                getIndex(ref index);
                FlushErrorsBefore(index, errors, onRow);
                onRow(index, read(), null);
            }

            FlushErrorsBefore(int.MaxValue, errors, onRow);
        }
        finally
        {
            stop.Cancel();
            producer.GetAwaiter().GetResult();
            DisposePending(pending.Reader);
        }
    }

    private async Task StartDecoding(IReadOnlyList<string> paths, ChannelWriter<(int, Task<DecodedImage>)> writer, CancellationToken ct)
    {
        try
        {
            for (var i = 0; i < paths.Count; i++)
            {
                var path = paths[i];
                await writer.WriteAsync((i, Task.Run(() => reader.Read(path), ct)), ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            writer.TryComplete();
        }
    }

    // Feeds ML.NET the readable images in order, queueing read errors for the consumer; disposes each image once
    // the cursor has moved past it.
    private static IEnumerable<StreamRow> Decoded(ChannelReader<(int Index, Task<DecodedImage> Decoding)> pending, Queue<(int, string)> errors, CancellationToken ct)
    {
        foreach (var (index, decoding) in pending.ReadAllAsync(ct).ToBlockingEnumerable(ct))
        {
            DecodedImage decoded;
            try
            {
                decoded = decoding.GetAwaiter().GetResult();
            }
            catch (ImageReadException e)
            {
                errors.Enqueue((index, e.Reason));
                continue;
            }

            yield return new StreamRow { Image = decoded.Image, Index = index, ContentSha256 = decoded.ContentSha256 };
            decoded.Image.Dispose();
        }
    }

    private static void FlushErrorsBefore<T>(int index, Queue<(int Index, string Reason)> errors, Action<int, T?, string?> onRow)
    {
        while (errors.TryPeek(out var error) && error.Index < index)
        {
            errors.Dequeue();
            onRow(error.Index, default, error.Reason);
        }
    }

    private static void DisposePending(ChannelReader<(int Index, Task<DecodedImage> Decoding)> pending)
    {
        while (pending.TryRead(out var item))
        {
            item.Decoding.ContinueWith(t => t.Result.Image.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private sealed class StreamRow
    {
        [ColumnName(ColumnNames.Image)]
        public MLImage? Image { get; set; }

        [ColumnName(IndexColumn)]
        public int Index { get; set; }

        [ColumnName(ContentHashColumn)]
        public string ContentSha256 { get; set; } = "";
    }
}
