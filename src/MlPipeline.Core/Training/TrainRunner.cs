using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.IO;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Training;

/// <summary>
/// The <c>train</c> job: discover the dataset, featurize every image once through the frozen backbone, split
/// stratified, fit the head, evaluate on the held-out part, and save the whole pipeline as one model zip.
/// </summary>
public sealed class TrainRunner(IRunObserver observer)
{
    /// <summary>The trainer recorded in manifests.</summary>
    public const string TrainerName = "NormalizeMinMax+LbfgsMaximumEntropy";

    /// <summary>Runs the job. Anticipated failures throw <see cref="MlPipelineException"/>.</summary>
    public async Task<TrainResult> RunAsync(TrainOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        if (options.ValidationFraction is not (>= 0 and < 1))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--validation-fraction must be in [0, 1), got {options.ValidationFraction}.");
        }

        // Fail on an unwritable output before minutes of featurization, not after.
        AtomicFile.EnsureWritable(options.OutputPath);
        AtomicFile.EnsureWritable(options.MetricsPath);

        var dataset = DatasetScanner.Scan(options.DataDirectory);
        DatasetValidation.EnsureTrainable(dataset);
        observer.Info($"Dataset {dataset.Root}: {dataset.Images.Count} images in {dataset.Classes.Count} classes.");

        var backbone = await new BackboneProvider(options.CacheDirectory, observer).ResolveAsync(options.Backbone, ct);
        var mlContext = new MLContext(options.Seed);
        var featurizer = FeaturizerFactory.Fit(mlContext, backbone);
        var reader = new ImageReader(backbone.Spec.InputWidth, backbone.Spec.InputHeight);
        var featurized = new ImageFeaturizer(mlContext, featurizer, reader).Featurize(dataset.Images, observer, ct);
        var clean = ContentDuplicates.Resolve(featurized.Images, i => i.Source.Label, i => i.ContentSha256, i => i.Source.RelativePath);
        var checks = DataCheckSummary.Line(dataset, featurized.Skipped.Count, clean.DuplicateCopies, clean.Conflicts, options.DataDirectory);
        (DataCheckSummary.HasFindings(dataset, featurized.Skipped.Count, clean.DuplicateCopies, clean.Conflicts) ? observer.Warn : (Action<string>)observer.Info)(checks);
        EnsureEveryClassReadable(dataset, clean.Kept);

        var split = StratifiedSplit.Create(clean.Kept, i => i.Source.Label, options.ValidationFraction, options.Seed, i => i.ContentSha256);
        var unvalidated = dataset.Classes.Where(c => !split.Validation.Any(v => v.Source.Label == c)).ToList();
        if (options.ValidationFraction > 0 && unvalidated.Count > 0)
        {
            observer.Warn($"Not validated (a single readable image): {string.Join(", ", unvalidated)}.");
        }

        ct.ThrowIfCancellationRequested();
        observer.Info($"Training the classifier head on {split.Train.Count} images...");
        var head = new ClassifierHead(mlContext, dataset.Classes, FeaturizerFactory.FeatureType(mlContext, featurizer));
        var headModel = head.Fit(split.Train);
        var report = split.Validation.Count > 0 ? head.Evaluate(headModel, split.Validation) : null;

        ct.ThrowIfCancellationRequested();
        var manifest = new ModelManifest(
            Tool: "mlpipeline",
            ToolVersion: ToolVersion(),
            CreatedUtc: DateTimeOffset.UtcNow,
            Classes: dataset.Classes,
            Backbone: new BackboneInfo(backbone.Spec.Name, backbone.Source, backbone.Sha256, backbone.Spec.InputWidth, backbone.Spec.InputHeight, backbone.Spec.FeatureSize),
            Settings: new TrainingSettings(options.ValidationFraction, options.Seed, TrainerName),
            Dataset: new DatasetInfo(
                dataset.Root,
                DatasetFingerprint.Compute(clean.Kept.Select(i => (i.Source.RelativePath, i.ContentSha256))),
                clean.Kept.Count,
                featurized.Skipped.Count,
                CountByClass(dataset.Classes, split.Train),
                CountByClass(dataset.Classes, split.Validation))
            {
                DuplicateCopies = clean.DuplicateCopies,
                LabelConflicts = clean.Conflicts.Sum(c => c.RelativePaths.Count),
            });

        var model = featurizer.Append(headModel);
        ModelStore.Save(mlContext, model, manifest, options.OutputPath);
        AtomicFile.WriteAllText(options.MetricsPath, JsonSerializer.Serialize(new { manifest, validation = report }, ModelStore.Json));
        observer.Info($"Saved {options.OutputPath} and {options.MetricsPath}.");

        return new TrainResult(
            Path.GetFullPath(options.OutputPath),
            Path.GetFullPath(options.MetricsPath),
            manifest,
            report,
            featurized.Skipped,
            unvalidated,
            featurized.ImagesPerSecond,
            stopwatch.Elapsed);
    }

    private static void EnsureEveryClassReadable(LabeledDataset dataset, IReadOnlyList<FeaturizedImage> images)
    {
        var unreadable = dataset.Classes.Where(c => !images.Any(i => i.Source.Label == c)).ToList();
        if (unreadable.Count > 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"No readable image in class(es): {string.Join(", ", unreadable)}.");
        }
    }

    private static Dictionary<string, int> CountByClass(IReadOnlyList<string> classes, IReadOnlyList<FeaturizedImage> images) =>
        classes.ToDictionary(c => c, c => images.Count(i => i.Source.Label == c), StringComparer.Ordinal);

    private static string ToolVersion() =>
        typeof(TrainRunner).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
