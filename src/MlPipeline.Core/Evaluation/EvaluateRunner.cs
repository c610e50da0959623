using System.Diagnostics;
using Microsoft.ML;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Evaluation.Reports;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Scoring;

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
        var model = ScoringModel.Open(options.ModelPath, options.CacheDirectory);
        var baseline = options.Baseline is { } b ? ScoringModel.Open(b.BaselinePath, options.CacheDirectory) : null;
        // Models opened from a zip always carry its manifest.
        var manifest = model.Manifest!;
        var baselineManifest = baseline?.Manifest;
        var classes = baselineManifest is null ? manifest.Classes : BaselineComparer.SharedClasses(manifest, baselineManifest);
        if (classes.Count < manifest.Classes.Count || baselineManifest?.Classes.Count > classes.Count)
        {
            observer.Warn($"The models' classes differ; comparing only the {classes.Count} they share: {string.Join(", ", classes)}.");
        }

        if (options.ReportDirectory is { } reportDirectory)
        {
            // Fail on an unwritable report folder before scoring, not after.
            ReportWriter.EnsureWritable(reportDirectory);
        }

        var dataset = options.Data.Load();
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var unknown = dataset.Classes.Where(c => !known.Contains(c))
            .Select(c => new UnknownClass(c, dataset.Images.Count(i => i.Label == c)))
            .ToList();
        foreach (var u in unknown)
        {
            // A class only the baseline lacks is the baseline's gap: naming "the model" would point at the candidate.
            var lacking = manifest.Classes.Contains(u.Name, StringComparer.Ordinal) ? $"the baseline {options.Baseline!.BaselinePath}" : "the model";
            observer.Warn($"{(dataset.LabelFile is null ? "Class folder" : "Label")} '{u.Name}' ({u.Images} images) is not a class of {lacking}; left out of the metrics.");
        }

        var images = dataset.Images.Where(i => known.Contains(i.Label)).ToList();
        if (images.Count == 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"No images of the model's classes ({string.Join(", ", manifest.Classes)}) in {options.Data.Name}.");
        }

        observer.Info($"Evaluating {manifest.Classes.Count}-class model on {images.Count} images in {dataset.LabelFile ?? dataset.Root}.");
        var (scored, baselineScored, skipped, hashes) = Score(model, baseline, images, ct);
        var fingerprint = DatasetFingerprint.Compute(hashes);
        if (scored.Count == 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"None of the {images.Count} images of the model's classes could be read.");
        }

        var mlContext = new MLContext(seed: 0);
        var report = ScoreEvaluator.Evaluate(mlContext, model.Classes, scored);
        var comparison = baseline is null || baselineManifest is null ? null : BaselineComparer.Compare(
            options.Baseline!,
            manifest,
            baselineManifest,
            report,
            ScoreEvaluator.Evaluate(mlContext, baseline.Classes, baselineScored),
            scored,
            baselineScored);
        var result = new EvaluationResult(
            Path.GetFullPath(options.ModelPath),
            manifest,
            new EvaluatedDataset(dataset.Root, scored.Count, fingerprint, Overlap(manifest, fingerprint, hashes)),
            report,
            [.. QualityGates.Check(report, options.Gates), .. comparison?.Gates ?? []],
            Interpretation.MostConfused(report),
            Interpretation.WorstMistakes(scored, manifest.Classes),
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

    // Metrics on images the model was trained on flatter it; say so, with the count, whenever the manifest can tell.
    private TrainingOverlap? Overlap(ModelManifest manifest, string fingerprint, List<(string RelativePath, string ContentSha256)> hashes)
    {
        var isTrainingData = fingerprint == manifest.Dataset.Fingerprint;
        if (isTrainingData)
        {
            observer.Warn("This is the training data (its fingerprint is the model's): these metrics include the images the model was trained on.");
        }

        if (manifest.Dataset.TrainingImages is not { } encoded)
        {
            return isTrainingData ? new TrainingOverlap(hashes.Count, true) : null;
        }

        ContentHashSet trained;
        try
        {
            trained = ContentHashSet.Decode(encoded);
        }
        catch (FormatException e)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"The model's list of training images is damaged: {e.Message}.", e);
        }

        var overlap = hashes.Count(h => trained.Contains(h.ContentSha256));
        if (overlap > 0 && !isTrainingData)
        {
            observer.Warn($"{overlap} of {hashes.Count} images were in the model's training set; these metrics overstate its accuracy on new images.");
        }

        return new TrainingOverlap(overlap, isTrainingData);
    }

    private (List<EvaluatedImage> Scored, List<EvaluatedImage> BaselineScored, List<SkippedImage> Skipped, List<(string RelativePath, string ContentSha256)> Hashes) Score(
        ScoringModel model, ScoringModel? baseline, List<LabeledImage> images, CancellationToken ct)
    {
        var scored = new List<EvaluatedImage>(images.Count);
        var baselineScored = new List<EvaluatedImage>(baseline is null ? 0 : images.Count);
        var skipped = new List<SkippedImage>();
        var hashes = new List<(string RelativePath, string ContentSha256)>(images.Count);
        observer.Track("Evaluating", images.Count, advance =>
        {
            string[] paths = [.. images.Select(i => i.Path)];
            using var engine = new ScoringEngine(model);
            var results = baseline is null
                ? engine.Score(paths, ct).Select(r => (Candidate: r, Baseline: (ImagePrediction?)null))
                : PairedPredictor.Score(engine, baseline, paths, ct);
            foreach (var (result, baselinePrediction) in results)
            {
                var image = images[result.Index];
                if (result.Prediction is not { } prediction)
                {
                    skipped.Add(new SkippedImage(image.RelativePath, result.Error ?? "unreadable"));
                }
                else
                {
                    scored.Add(new EvaluatedImage(image.Path, image.RelativePath, image.Label, prediction.PredictedLabel, prediction.Score));
                    hashes.Add((image.RelativePath, result.ContentSha256!));
                    if (baselinePrediction is not null)
                    {
                        baselineScored.Add(new EvaluatedImage(image.Path, image.RelativePath, image.Label, baselinePrediction.PredictedLabel, baselinePrediction.Score));
                    }
                }

                advance(1);
            }

            return 0;
        });

        foreach (var skip in skipped)
        {
            observer.Warn($"Skipped {skip.RelativePath}: {skip.Reason}");
        }

        return (scored, baselineScored, skipped, hashes);
    }
}
