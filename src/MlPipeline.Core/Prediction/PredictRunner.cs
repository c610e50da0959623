using System.Diagnostics;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.IO;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Core.Prediction.Sharding;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Scoring;

namespace MlPipeline.Core.Prediction;

/// <summary>
/// The <c>predict</c> job: classify one image or a folder of images with a trained model. Folder rows are written
/// as each image finishes, in sorted path order, so memory stays flat and a stopped job keeps what it did.
/// </summary>
/// <param name="observer">Receives messages and progress.</param>
/// <param name="stdout">Where folder rows go when there is no output file.</param>
public sealed class PredictRunner(IRunObserver observer, TextWriter stdout)
{
    /// <summary>
    /// Runs the job. Anticipated failures throw <see cref="MlPipelineException"/>; cancellation throws
    /// <see cref="OperationCanceledException"/> with every finished row already in the output file.
    /// </summary>
    public Task<PredictSummary> RunAsync(PredictOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Cheap checks first, so that a typo fails at once rather than after the model loads.
        options.Validate();
        void Skipped(ScanIssue issue) => observer.Warn($"Skipped {issue.RelativePath}: {issue.Reason}.");
        var inputs = options.Labels is { } labels
            ? PredictionInputs.Listed(labels, Skipped)
            : PredictionInputs.Resolve(options.InputPath!, options.Recursive, Skipped);
        if (options.Shard is { } shard)
        {
            var all = inputs;
            inputs = shard.Select(all);
            observer.Info($"Shard {shard}: {inputs.Count} of {all.Count} images.");
            if (options.InputPath is not null && File.Exists(options.InputPath) && all is [var only] && inputs.Count == 0)
            {
                observer.Warn($"{only.RelativePath} belongs to shard {Shard.Of(only.RelativePath, shard.Count)}/{shard.Count}, not {shard}: nothing to predict.");
            }
        }
        if (options.OutputPath is not null)
        {
            AtomicFile.EnsureWritable(options.OutputPath);
        }

        // Model loading and scoring block; keep them off the caller's thread so Ctrl+C handling stays responsive.
        return Task.Run(() => Run(options, inputs, ct), CancellationToken.None);
    }

    private PredictSummary Run(PredictOptions options, IReadOnlyList<PredictionInput> inputs, CancellationToken ct)
    {
        using var engine = new ScoringEngine(ScoringModel.Open(options.ModelPath, options.CacheDirectory));
        ct.ThrowIfCancellationRequested();
        var isSingleFile = options.InputPath is not null && File.Exists(options.InputPath);
        if (inputs.Count == 0)
        {
            observer.Warn($"No images in {options.Source}{(options.Recursive || options.Labels is not null ? "" : " (add --recursive to include subfolders)")}.");
        }

        var format = options.OutputPath is null ? options.StdoutFormat : PredictionFormats.FromPath(options.OutputPath);
        var resume = ReadResumeState(options, format);
        if (options.OutputPath is not null)
        {
            ResumeCompatibility.Ensure(options.OutputPath, resume, options.Shard, options.ModelPath, engine.Model.Classes);
        }

        List<PredictionInput> todo = [.. inputs.Where(i => !resume.Done.Contains(i.RelativePath))];
        var resumed = inputs.Count - todo.Count;
        if (resumed > 0)
        {
            observer.Info($"Resuming: {resumed} of {inputs.Count} images already in {options.OutputPath}.");
        }

        using var file = OpenOutputFile(options, resume);
        var target = file?.Writer ?? (isSingleFile ? null : stdout);
        IPredictionWriter? writer = null;
        void OpenWriter() => writer = target is null ? null : format switch
        {
            PredictionFormat.Csv => new CsvPredictionWriter(target, writeHeader: !resume.HasHeader),
            _ => new JsonlPredictionWriter(target),
        };

        // The CSV header is written here, so a full disk fails on it as on any row: exit 5, the file left valid.
        if (file is null)
        {
            OpenWriter();
        }
        else
        {
            file.Commit(OpenWriter);
        }

        var classes = engine.Model.Classes;
        var topK = Math.Min(options.TopK, classes.Count);
        int predicted = 0, failed = 0, below = 0;
        PredictionRow? last = null;
        var stopwatch = Stopwatch.StartNew();
        if (todo.Count > 0)
        {
            observer.Track("Predicting", todo.Count, advance =>
            {
                foreach (var scored in engine.Score([.. todo.Select(i => i.FullPath)], ct))
                {
                    var path = todo[scored.Index].RelativePath;
                    last = scored.Prediction is { } prediction
                        ? PredictionRow.FromScores(path, classes, prediction.Score, topK, options.MinConfidence)
                        : PredictionRow.Failed(path, scored.Error ?? "unreadable");
                    var row = last;
                    if (file is null)
                    {
                        writer?.Write(row);
                    }
                    else
                    {
                        file.Commit(() => writer!.Write(row));
                    }

                    predicted += last.Error is null ? 1 : 0;
                    failed += last.Error is null ? 0 : 1;
                    below += last.Confidence < options.MinConfidence ? 1 : 0;
                    advance(1);
                }

                return 0;
            });
        }

        return new PredictSummary(options.OutputPath, predicted, failed, below, resumed, resume.Failed, isSingleFile ? last : null, stopwatch.Elapsed);
    }

    private ResumeState ReadResumeState(PredictOptions options, PredictionFormat format)
    {
        if (!options.Resume || options.OutputPath is null)
        {
            return ResumeState.Empty;
        }

        if (!File.Exists(options.OutputPath))
        {
            observer.Info($"{options.OutputPath} does not exist yet; nothing to resume, starting fresh.");
            return ResumeState.Empty;
        }

        return ResumeReader.Read(options.OutputPath, format);
    }

    private static RowFile? OpenOutputFile(PredictOptions options, ResumeState resume)
    {
        if (options.OutputPath is null)
        {
            return null;
        }

        try
        {
            return options.Resume && File.Exists(options.OutputPath)
                ? PredictionOutputFile.OpenAfter(options.OutputPath, resume)
                : PredictionOutputFile.CreateFresh(options.OutputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.OutputError, $"Cannot write to {options.OutputPath}: {e.Message}", e);
        }
    }
}
