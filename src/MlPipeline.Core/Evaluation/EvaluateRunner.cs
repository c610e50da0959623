using System.Diagnostics;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Reports;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Evaluation;

/// <summary>
/// The <c>evaluate</c> job: score a labeled folder with a trained model, measure it with ML.NET's evaluator,
/// check the quality gates, and optionally write the report folder.
/// </summary>
public sealed class EvaluateRunner(IRunObserver observer)
{
    /// <summary>Runs the job. Anticipated failures throw <see cref="MlPipelineException"/>; failed gates do not.</summary>
    public Task<EvaluationResult> RunAsync(EvaluateOptions options, CancellationToken ct) => Task.Run(() => Evaluate(options, ct), ct);

    private EvaluationResult Evaluate(EvaluateOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        options.Validate();
        var model = ModelStore.Load(options.ModelPath);
        var baseline = options.Baseline is { } b ? ModelStore.Load(b.BaselinePath) : null;
        var classes = baseline is null ? model.Manifest.Classes : BaselineComparer.SharedClasses(model.Manifest, baseline.Manifest);
        if (classes.Count < model.Manifest.Classes.Count || baseline?.Manifest.Classes.Count > classes.Count)
        {
            observer.Warn($"The models' classes differ; comparing only the {classes.Count} they share: {string.Join(", ", classes)}.");
        }

        if (options.ReportDirectory is { } reportDirectory)
        {
            // Fail on an unwritable report folder before scoring, not after.
            ReportWriter.EnsureWritable(reportDirectory);
        }

        var dataset = DatasetScanner.Scan(options.DataDirectory);
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var unknown = dataset.Classes.Where(c => !known.Contains(c))
            .Select(c => new UnknownClass(c, dataset.Images.Count(i => i.Label == c)))
            .ToList();
        foreach (var u in unknown)
        {
            observer.Warn($"Class folder '{u.Name}' ({u.Images} images) is not a class of the model; left out of the metrics.");
        }

        var images = dataset.Images.Where(i => known.Contains(i.Label)).ToList();
        if (images.Count == 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"No images of the model's classes ({string.Join(", ", model.Manifest.Classes)}) in {options.DataDirectory}.");
        }

        observer.Info($"Evaluating {model.Manifest.Classes.Count}-class model on {images.Count} images in {dataset.Root}.");
        var (scored, baselineScored, skipped, fingerprint) = Score(model, baseline, images, ct);
        if (scored.Count == 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"None of the {images.Count} images of the model's classes could be read.");
        }

        var report = ScoreEvaluator.Evaluate(model.MLContext, model.Manifest.Classes, scored);
        var comparison = baseline is null ? null : BaselineComparer.Compare(
            options.Baseline!,
            model.Manifest,
            baseline.Manifest,
            report,
            ScoreEvaluator.Evaluate(baseline.MLContext, baseline.Manifest.Classes, baselineScored),
            scored,
            baselineScored);
        var result = new EvaluationResult(
            Path.GetFullPath(options.ModelPath),
            model.Manifest,
            new EvaluatedDataset(dataset.Root, scored.Count, fingerprint),
            report,
            [.. QualityGates.Check(report, options.Gates), .. comparison?.Gates ?? []],
            Interpretation.MostConfused(report),
            Interpretation.WorstMistakes(scored, model.Manifest.Classes),
            unknown,
            skipped,
            [],
            stopwatch.Elapsed)
        {
            Comparison = comparison,
        };

        if (options.ReportDirectory is { } folder)
        {
            ct.ThrowIfCancellationRequested();
            result = result with { ReportFiles = ReportWriter.Write(folder, result), Elapsed = stopwatch.Elapsed };
            observer.Info($"Wrote the report to {folder}.");
        }

        return result;
    }

    private (List<EvaluatedImage> Scored, List<EvaluatedImage> BaselineScored, List<SkippedImage> Skipped, string Fingerprint) Score(
        LoadedModel model, LoadedModel? baseline, List<LabeledImage> images, CancellationToken ct)
    {
        var scored = new List<EvaluatedImage>(images.Count);
        var baselineScored = new List<EvaluatedImage>(baseline is null ? 0 : images.Count);
        var skipped = new List<SkippedImage>();
        var hashes = new List<(string, string)>(images.Count);
        observer.Track("Evaluating", images.Count, advance =>
        {
            void OnResult(int index, ScoredFile? result, ImagePrediction? baselinePrediction, string? error)
            {
                var image = images[index];
                if (result is null)
                {
                    skipped.Add(new SkippedImage(image.RelativePath, error ?? "unreadable"));
                }
                else
                {
                    scored.Add(new EvaluatedImage(image.Path, image.RelativePath, image.Label, result.Prediction.PredictedLabel, result.Prediction.Score));
                    hashes.Add((image.RelativePath, result.ContentSha256));
                    if (baselinePrediction is not null)
                    {
                        baselineScored.Add(new EvaluatedImage(image.Path, image.RelativePath, image.Label, baselinePrediction.PredictedLabel, baselinePrediction.Score));
                    }
                }

                advance(1);
            }

            string[] paths = [.. images.Select(i => i.Path)];
            if (baseline is null)
            {
                new BatchPredictor(model).Predict(paths, (index, result, error) => OnResult(index, result, null, error), ct);
            }
            else
            {
                new PairedPredictor(model, baseline).Predict(paths, (index, pair, error) => OnResult(index, pair?.Candidate, pair?.Baseline, error), ct);
            }

            return 0;
        });

        foreach (var skip in skipped)
        {
            observer.Warn($"Skipped {skip.RelativePath}: {skip.Reason}");
        }

        return (scored, baselineScored, skipped, DatasetFingerprint.Compute(hashes));
    }
}
