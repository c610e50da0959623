using System.Threading.Channels;
using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// The one way images are scored, by every verb: files are decoded on worker threads a bounded number ahead of
/// inference, run through one ONNX Runtime session in batches, and handed back in input order, each with its
/// output and prediction or with the reason it could not be read. Memory holds a few decoded images and one batch,
/// whatever the number of files.
/// </summary>
/// <remarks>
/// Thread-safe. The settings are measured (README, Performance): on 2 cores, batches of 8 with ONNX Runtime's
/// intra-op threads on every core run the whole path (decoding included) faster than a bare session runs the
/// backbone alone one image at a time (batch 4 and 16 were measured too). Uploads (<see cref="ScoreAsync"/>) are
/// batched as well: requests that arrive while a batch runs go together into the next one.
/// </remarks>
public sealed class ScoringEngine : IDisposable
{
    /// <summary>Images per ONNX Runtime run.</summary>
    public const int DefaultBatchSize = 8;

    private readonly InferenceSession session;
    private readonly SessionOptions options;
    private readonly RunOptions run = new();
    private readonly ImageReader reader;
    private readonly int batchSize;
    private readonly int imageFloats;
    private readonly Channel<Upload> uploads = Channel.CreateUnbounded<Upload>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> uploadLoop;

    /// <summary>Creates the ONNX Runtime session for <paramref name="model"/>.</summary>
    /// <exception cref="MlPipelineException">ONNX Runtime cannot load the model (exit 6).</exception>
    public ScoringEngine(ScoringModel model, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Model = model;
        this.batchSize = batchSize;
        reader = new ImageReader(model.InputWidth, model.InputHeight);
        imageFloats = 3 * model.InputWidth * model.InputHeight;
        options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Environment.ProcessorCount,
        };
        try
        {
            session = model.OnnxPath is { } path ? new InferenceSession(path, options) : new InferenceSession(model.OnnxBytes!, options);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            throw new MlPipelineException(ExitCode.ModelError, $"ONNX Runtime cannot load the backbone: {e.Message}", e);
        }

        uploadLoop = new Lazy<Task>(() => Task.Run(RunUploadsAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What this engine runs.</summary>
    public ScoringModel Model { get; }

    /// <summary>
    /// Scores image files, yielding one result per path in input order as soon as its batch has run. Stopping the
    /// enumeration early stops the decoding.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public IEnumerable<ScoredImage> Score(IReadOnlyList<string> paths, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Enough decoded images in flight to fill the next batch while this one runs, and to ride out a slow file.
        var pending = Channel.CreateBounded<(int Index, Task<DecodedImage> Decoding)>(Math.Max(2 * batchSize, 2 * Environment.ProcessorCount));
        var producer = Task.Run(() => StartDecoding(paths, pending.Writer, stop.Token), CancellationToken.None);
        var waiting = new List<ScoredImage>(batchSize);
        var batch = new List<(int Slot, DecodedImage Image)>(batchSize);
        try
        {
            foreach (var (index, decoding) in pending.Reader.ReadAllAsync(stop.Token).ToBlockingEnumerable(stop.Token))
            {
                try
                {
                    var decoded = decoding.GetAwaiter().GetResult();
                    batch.Add((waiting.Count, decoded));
                    waiting.Add(new ScoredImage(index, paths[index], decoded.ContentSha256, null, null, null));
                }
                catch (ImageReadException e)
                {
                    waiting.Add(new ScoredImage(index, paths[index], null, null, null, e.Reason));
                }

                // A batch runs when full, or early when the next file is not decoded yet, so results never wait on a slow file.
                if (batch.Count == batchSize || (batch.Count > 0 && !NextIsReady(pending.Reader)))
                {
                    Complete(waiting, batch);
                }

                if (batch.Count == 0)
                {
                    foreach (var result in waiting)
                    {
                        // Checked before each result, so a cancelled caller is not handed the rest of a batch.
                        ct.ThrowIfCancellationRequested();
                        yield return result;
                    }

                    waiting.Clear();
                }
            }

            ct.ThrowIfCancellationRequested();
            Complete(waiting, batch);
            foreach (var result in waiting)
            {
                ct.ThrowIfCancellationRequested();
                yield return result;
            }
        }
        finally
        {
            batch.ForEach(b => b.Image.Image.Dispose());
            stop.Cancel();
            producer.GetAwaiter().GetResult();
            DisposePending(pending.Reader);
        }
    }

    /// <summary>
    /// Scores one encoded image held in memory, such as an upload. Decoding runs on the caller's thread; inference
    /// joins the next batch. An unreadable image gives a result with its error, not an exception.
    /// </summary>
    public async Task<ScoredImage> ScoreAsync(byte[] bytes, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        DecodedImage decoded;
        try
        {
            decoded = reader.Read(bytes, name);
        }
        catch (ImageReadException e)
        {
            return new ScoredImage(0, name, null, null, null, e.Reason);
        }

        var upload = new Upload(decoded, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously), ct);
        _ = uploadLoop.Value;
        await uploads.Writer.WriteAsync(upload, ct);
        var output = await upload.Output.Task.WaitAsync(ct);
        return Finish(new ScoredImage(0, name, decoded.ContentSha256, null, null, null), output);
    }

    /// <summary>
    /// Runs the graph on images already in the backbone's input layout (float RGB planes, 0-255), as fine-tuning's
    /// augmented batches are; returns the outputs of all images, one after the other.
    /// </summary>
    public float[] Run(float[] pixels, int count)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, count * imageFloats);
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, count * imageFloats), [count, 3, Model.InputHeight, Model.InputWidth]);
        using var outputs = session.Run(run, [BackboneGraph.Input], [input], [Model.Output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        uploads.Writer.TryComplete();
        if (uploadLoop.IsValueCreated)
        {
            uploadLoop.Value.GetAwaiter().GetResult();
        }

        session.Dispose();
        run.Dispose();
        options.Dispose();
    }

    // Runs the batch and fills in the results waiting on it.
    private void Complete(List<ScoredImage> waiting, List<(int Slot, DecodedImage Image)> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var outputs = Infer([.. batch.Select(b => b.Image)]);
            for (var i = 0; i < batch.Count; i++)
            {
                waiting[batch[i].Slot] = Finish(waiting[batch[i].Slot], outputs[i]);
            }
        }
        finally
        {
            batch.ForEach(b => b.Image.Image.Dispose());
            batch.Clear();
        }
    }

    private float[][] Infer(List<DecodedImage> images)
    {
        var pixels = new float[images.Count * imageFloats];
        for (var i = 0; i < images.Count; i++)
        {
            PlanarPixels.Write(images[i].Image, pixels.AsSpan(i * imageFloats, imageFloats));
        }

        var all = Run(pixels, images.Count);
        ScoringMetrics.BatchRan(images.Count);
        var size = all.Length / images.Count;
        return [.. Enumerable.Range(0, images.Count).Select(i => all[(i * size)..((i + 1) * size)])];
    }

    private ScoredImage Finish(ScoredImage result, float[] output) =>
        result with { Output = output, Prediction = Model.IsClassifier ? Model.Classify(output) : null };

    private async Task RunUploadsAsync()
    {
        var batch = new List<Upload>(batchSize);
        while (await uploads.Reader.WaitToReadAsync())
        {
            while (batch.Count < batchSize && uploads.Reader.TryRead(out var upload))
            {
                if (upload.Cancellation.IsCancellationRequested)
                {
                    upload.Decoded.Image.Dispose();
                    upload.Output.TrySetCanceled(upload.Cancellation);
                }
                else
                {
                    batch.Add(upload);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                var outputs = Infer([.. batch.Select(u => u.Decoded)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Output.TrySetResult(outputs[i]);
                }
            }
            catch (Exception e)
            {
                batch.ForEach(u => u.Output.TrySetException(e));
            }
            finally
            {
                batch.ForEach(u => u.Decoded.Image.Dispose());
                batch.Clear();
            }
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

    private static bool NextIsReady(ChannelReader<(int Index, Task<DecodedImage> Decoding)> pending) =>
        pending.TryPeek(out var next) && next.Decoding.IsCompleted;

    private static void DisposePending(ChannelReader<(int Index, Task<DecodedImage> Decoding)> pending)
    {
        while (pending.TryRead(out var item))
        {
            item.Decoding.ContinueWith(t => t.Result.Image.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private sealed record Upload(DecodedImage Decoded, TaskCompletionSource<float[]> Output, CancellationToken Cancellation);
}
