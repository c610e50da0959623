using System.Diagnostics;
using System.Globalization;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// Fine-tunes a backbone and a dense head on ONNX Runtime: the frozen layers run forward only (an inference
/// session), the trainable part runs the training graph that <see cref="FineTuneGraphBuilder"/> derives, and
/// <see cref="AdamW"/> updates the parameter arrays in place under a one-cycle schedule, the head at the full
/// learning rate and the backbone at a tenth of it. The starting head (the linear probe) is epoch 0; each epoch is
/// validated, the kept one is chosen by <see cref="EpochChoice"/>, training stops after
/// <see cref="FineTuneSettings.Patience"/> epochs without a better one, and <see cref="DivergenceGuard"/> stops a run
/// whose loss explodes.
/// </summary>
public sealed class FineTuner(IRunObserver observer)
{
    /// <summary>Runs fine-tuning and returns the kept epoch's backbone, or none when the probe is kept.</summary>
    /// <param name="backboneOnnx">The pretrained backbone (input <c>image</c>, output <c>features</c>).</param>
    /// <param name="spec">The backbone's architecture facts (where its last stage starts).</param>
    /// <param name="headWeight">The head's starting weight [features, classes], from the linear probe.</param>
    /// <param name="headBias">The head's starting bias [classes].</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="train">Training images (all readable).</param>
    /// <param name="validation">Held-out images (all readable; may be empty).</param>
    /// <param name="settings">Epochs, batch size, learning rate, augmentation.</param>
    /// <param name="seed">Seeds the shuffling and the augmentation, so a run is reproducible.</param>
    /// <param name="reader">Decodes images at the backbone's input size.</param>
    /// <param name="ct">Stops between batches; nothing is returned then.</param>
    /// <returns>The fine-tuned backbone, the head and the per-epoch history.</returns>
    public FineTuneOutcome Run(
        byte[] backboneOnnx,
        BackboneArchitecture spec,
        float[] headWeight,
        float[] headBias,
        int classCount,
        IReadOnlyList<TrainingExample> train,
        IReadOnlyList<TrainingExample> validation,
        FineTuneSettings settings,
        int seed,
        ImageReader reader,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var graphs = FineTuneGraphBuilder.Build(backboneOnnx, spec, settings.Unfreeze, headWeight, headBias, classCount, FineTuneSettings.LabelSmoothing);
        using var sessions = new TrainingSessions(graphs, spec);
        var loader = new BatchLoader(reader);
        var activationValues = graphs.ActivationShape.Aggregate(1, (a, b) => a * b);
        var cache = new ActivationCache((long)settings.CacheBudgetMiB << 20, activationValues);
        var cacheValidation = graphs.FrozenModel is not null && cache.Fits(validation.Count);
        var cacheTraining = graphs.FrozenModel is not null && !settings.Augment && cache.Fits(validation.Count + train.Count);
        observer.Info(
            $"Fine-tuning ({settings.Unfreeze.Name()}): {graphs.Parameters.Sum(p => (long)p.Initial.Length):N0} trainable parameters; " +
            $"{settings.Epochs} epochs of {train.Count} images, batch {settings.BatchSize}; " +
            $"frozen-part cache {(cacheValidation || cacheTraining ? $"on ({cache.BytesPerImage / 1024} KiB per image" + (cacheTraining ? ", training and validation)" : ", validation)") : "off")}.");

        var values = graphs.Parameters.Select(p => (float[])p.Initial.Clone()).ToArray();
        var optimizer = new AdamW(values, (float)FineTuneSettings.WeightDecay);
        var stepsPerEpoch = (train.Count + settings.BatchSize - 1) / settings.BatchSize;
        var schedule = new OneCycleSchedule(settings.Epochs * stepsPerEpoch);
        var random = new Random(seed);
        var history = new List<EpochMetrics>();

        // Epoch 0 is the linear probe the head starts from, scored the same way as every later epoch.
        var probe = validation.Count > 0 ? Validate(sessions, loader, cache, cacheValidation, validation, values, graphs, classCount, ct) : null;
        if (probe is not null)
        {
            observer.Info(string.Create(CultureInfo.InvariantCulture, $"Epoch 0 (linear probe): validation log-loss {probe.LogLoss:0.0000} accuracy {probe.Accuracy:0.000}"));
        }

        float[][]? best = null;
        var bestScore = probe;
        var bestEpoch = 0;
        double? firstLoss = null;
        var stoppedBecause = FineTuneStops.Completed;
        var step = 0;

        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            var stopwatch = Stopwatch.StartNew();
            var order = train.OrderBy(_ => random.Next()).ToList();
            var batches = order.Chunk(settings.BatchSize).Select(batch => (Batch: batch, Augmentations: batch
                .Select(_ => settings.Augment ? Augmentation.Draw(random, settings.Flip) : Augmentation.Identity).ToArray())).ToList();
            var (lossSum, correct) = observer.Track($"Epoch {epoch}/{settings.Epochs}", train.Count, advance =>
            {
                double epochLoss = 0;
                var epochCorrect = 0;

                // The next batch decodes and augments on other threads while this one trains.
                Task<float[]?>? next = null;
                for (var b = 0; b < batches.Count; b++)
                {
                    ct.ThrowIfCancellationRequested();
                    var batch = batches[b].Batch;
                    var images = (next ?? LoadAhead(loader, cache, cacheTraining, batch, batches[b].Augmentations, ct)).GetAwaiter().GetResult();
                    next = b + 1 < batches.Count ? LoadAhead(loader, cache, cacheTraining, batches[b + 1].Batch, batches[b + 1].Augmentations, ct) : null;

                    var activation = Activations(sessions, cache, cacheTraining, batch, images);
                    var labels = batch.Select(e => (long)e.Label).ToArray();
                    using var outputs = sessions.Train(activation, graphs.ActivationShape, labels, values, graphs.Parameters);
                    optimizer.BeginStep();
                    var factor = schedule.Factor(step++);
                    Parallel.For(0, values.Length, i =>
                    {
                        var rate = settings.LearningRate * factor * (graphs.Parameters[i].Group == ParameterGroup.Head ? 1 : FineTuneSettings.BackboneLearningRateFactor);
                        optimizer.Update(i, outputs[i + 2].GetTensorDataAsSpan<float>(), (float)rate);
                    });

                    epochLoss += outputs[0].GetTensorDataAsSpan<float>()[0] * batch.Length;
                    epochCorrect += CountCorrect(outputs[1].GetTensorDataAsSpan<float>(), labels, classCount);
                    advance(batch.Length);
                }

                return (epochLoss, epochCorrect);
            });

            var imagesPerSecond = train.Count / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
            var trainLoss = lossSum / train.Count;
            var score = validation.Count > 0 && double.IsFinite(trainLoss)
                ? Validate(sessions, loader, cache, cacheValidation, validation, values, graphs, classCount, ct)
                : null;
            if ((DivergenceGuard.Problem(firstLoss, trainLoss) ?? (score is null ? null : DivergenceGuard.Problem(null, score.LogLoss))) is { } problem)
            {
                // The diverged epoch stays out of the history: its non-finite figures have no JSON form, and it is never kept.
                observer.Warn($"Epoch {epoch} diverged ({problem}): stopping and keeping {KeptName(bestEpoch)}.");
                stoppedBecause = FineTuneStops.Diverged;
                break;
            }

            firstLoss ??= trainLoss;
            var metrics = new EpochMetrics(epoch, trainLoss, (double)correct / train.Count, score?.LogLoss, score?.Accuracy, imagesPerSecond);
            history.Add(metrics);
            observer.Info(Describe(metrics));

            if (EpochChoice.Improves(score, bestScore))
            {
                (bestScore, bestEpoch) = (score, epoch);
                best = [.. values.Select(v => (float[])v.Clone())];
            }
            else if (epoch - bestEpoch >= settings.Patience)
            {
                observer.Info($"Stopping early: no epoch beat {KeptName(bestEpoch)} on validation for {settings.Patience} epochs.");
                stoppedBecause = FineTuneStops.NoImprovement;
                break;
            }
        }

        if (best is null)
        {
            return new FineTuneOutcome(null, history, 0, probe, stoppedBecause, graphs.Parameters.ToDictionary(p => p.Name, p => p.Initial, StringComparer.Ordinal));
        }

        var byName = graphs.Parameters.Select((p, i) => (p.Name, Values: best[i])).ToDictionary(p => p.Name, p => p.Values, StringComparer.Ordinal);
        return new FineTuneOutcome(graphs.WriteBackbone(byName), history, bestEpoch, probe, stoppedBecause, byName);
    }

    private static string KeptName(int epoch) => epoch == 0 ? "epoch 0 (the linear probe)" : $"epoch {epoch}";

    /// <summary>The epoch's validation score: accuracy and the unsmoothed log-loss, from the evaluation graph's logits.</summary>
    private static ValidationScore Validate(
        TrainingSessions sessions,
        BatchLoader loader,
        ActivationCache cache,
        bool useCache,
        IReadOnlyList<TrainingExample> validation,
        float[][] values,
        FineTuneGraphs graphs,
        int classCount,
        CancellationToken ct)
    {
        var logits = new List<float[]>(validation.Count);
        var correct = 0;
        foreach (var batch in validation.Chunk(Math.Max(1, graphs.FrozenModel is null ? 8 : 32)))
        {
            ct.ThrowIfCancellationRequested();
            var images = NeedsImages(cache, useCache, batch) ? loader.Load(batch, [.. batch.Select(_ => Augmentation.Identity)], ct) : null;
            var activation = Activations(sessions, cache, useCache, batch, images);
            var labels = batch.Select(e => (long)e.Label).ToArray();
            using var outputs = sessions.Evaluate(activation, graphs.ActivationShape, labels, values, graphs.Parameters);
            var batchLogits = outputs[1].GetTensorDataAsSpan<float>();
            correct += CountCorrect(batchLogits, labels, classCount);
            for (var i = 0; i < batch.Length; i++)
            {
                logits.Add(batchLogits.Slice(i * classCount, classCount).ToArray());
            }
        }

        var logLoss = TemperatureScaling.NegativeLogLikelihood(logits, [.. validation.Select(e => e.Label)], 1);
        return new ValidationScore((double)correct / validation.Count, logLoss);
    }

    /// <summary>Starts loading a batch's images, unless the cache holds the whole batch's activations.</summary>
    private static Task<float[]?> LoadAhead(
        BatchLoader loader, ActivationCache cache, bool useCache, TrainingExample[] batch, Augmentation[] augmentations, CancellationToken ct) =>
        NeedsImages(cache, useCache, batch)
            ? Task.Run(() => (float[]?)loader.Load(batch, augmentations, ct), ct)
            : Task.FromResult<float[]?>(null);

    private static bool NeedsImages(ActivationCache cache, bool useCache, TrainingExample[] batch) =>
        !useCache || !batch.All(e => cache.TryGet(e.Path, out _));

    /// <summary>
    /// The trainable part's input for a batch: cached (when <paramref name="images"/> is null), or the loaded
    /// images run through the frozen layers.
    /// </summary>
    private static float[] Activations(TrainingSessions sessions, ActivationCache cache, bool useCache, TrainingExample[] batch, float[]? images)
    {
        if (images is null)
        {
            return [.. batch.SelectMany(e => cache.TryGet(e.Path, out var a) ? a : [])];
        }

        if (!sessions.HasFrozenPart)
        {
            return images;
        }

        var activation = sessions.Freeze(images, batch.Length);
        if (useCache)
        {
            var per = activation.Length / batch.Length;
            for (var i = 0; i < batch.Length; i++)
            {
                cache.Add(batch[i].Path, activation.AsSpan(i * per, per));
            }
        }

        return activation;
    }

    private static int CountCorrect(ReadOnlySpan<float> logits, long[] labels, int classCount)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.Slice(i * classCount, classCount);
            var argmax = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[c] > row[argmax])
                {
                    argmax = c;
                }
            }

            correct += argmax == labels[i] ? 1 : 0;
        }

        return correct;
    }

    private static string Describe(EpochMetrics m) =>
        string.Create(CultureInfo.InvariantCulture, $"Epoch {m.Epoch}: train loss (smoothed) {m.TrainLoss:0.0000} accuracy {m.TrainAccuracy:0.000}") +
        (m.ValidationLogLoss is { } loss ? string.Create(CultureInfo.InvariantCulture, $", validation log-loss {loss:0.0000} accuracy {m.ValidationAccuracy:0.000}") : "") +
        string.Create(CultureInfo.InvariantCulture, $" ({m.ImagesPerSecond:0.0} images/s)");
}
