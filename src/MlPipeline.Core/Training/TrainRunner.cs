using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Evaluation.Reports;
using MlPipeline.Core.IO;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Scoring;
using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Core.Training;

/// <summary>
/// The <c>train</c> job: discover the dataset, featurize every image once through the frozen backbone, split
/// stratified, fit the head, evaluate on the held-out part, and save the whole pipeline as one model zip.
/// </summary>
public sealed class TrainRunner(IRunObserver observer)
{
    /// <summary>Runs the job. Anticipated failures throw <see cref="MlPipelineException"/>.</summary>
    public async Task<TrainResult> RunAsync(TrainOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        options.Validate();

        // Fail on an unwritable output before minutes of featurization, not after.
        AtomicFile.EnsureWritable(options.OutputPath);
        AtomicFile.EnsureWritable(options.MetricsPath);
        AtomicFile.EnsureWritable(options.CurvePath);

        var data = TrainingSources.Resolve(options.Data, options.ValidationData);
        var dataset = data.Train;
        DatasetValidation.EnsureTrainable(dataset);
        if (data.Description() is { } description)
        {
            observer.Info(description);
        }

        if (data.TestHint() is { } testHint)
        {
            observer.Info(testHint);
        }

        observer.Info($"Dataset {dataset.LabelFile ?? dataset.Root}: {dataset.Images.Count} images in {dataset.Classes.Count} classes"
            + (data.Validation is { } v ? $", validation {v.LabelFile ?? v.Root}: {v.Images.Count} images." : "."));

        var backbone = await new BackboneProvider(options.CacheDirectory, observer).ResolveAsync(options.Backbone, ct);
        var mlContext = new MLContext(options.Seed);
        var reader = new ImageReader(backbone.Architecture.InputWidth, backbone.Architecture.InputHeight);
        FeaturizationResult featurized;
        using (var engine = new ScoringEngine(ScoringModel.ForBackbone(backbone)))
        {
            featurized = engine.Featurize(data.Images, observer, ct);
        }

        // The ML.NET featurizer is what the zip stores; fitted after the engine is gone, so only one backbone session is held at a time.
        var featurizer = FeaturizerFactory.Fit(mlContext, backbone);

        var partition = data.Partition(featurized.Images, i => i.Source, i => i.ContentSha256, options.ValidationFraction, options.Seed);
        var clean = partition.Duplicates;
        var checks = DataCheckSummary.Line(dataset, featurized.Skipped.Count, clean.DuplicateCopies, clean.Conflicts, options.Data.Argument);
        (DataCheckSummary.HasFindings(dataset, featurized.Skipped.Count, clean.DuplicateCopies, clean.Conflicts) ? observer.Warn : (Action<string>)observer.Info)(checks);
        DatasetValidation.EnsureEveryClassKept(dataset, clean.Kept.Select(i => i.Source.Label));

        var split = partition.Split;
        var unvalidated = dataset.Classes.Where(c => !split.Validation.Any(v => v.Source.Label == c)).ToList();
        if (data.Validation is null && options.ValidationFraction > 0 && unvalidated.Count > 0)
        {
            observer.Warn($"Not validated: {string.Join(", ", unvalidated.Select(c => $"{c} ({UnsplittableReason([.. clean.Kept.Where(i => i.Source.Label == c)])})"))}.");
        }

        ct.ThrowIfCancellationRequested();
        observer.Info($"Training the classifier head on {split.Train.Count} images...");
        var head = new ClassifierHead(mlContext, dataset.Classes, FeaturizerFactory.FeatureType(mlContext, featurizer));
        var (headModel, headChoice) = FitHead(head, split);

        FineTuningInfo? fineTuning = null;
        string? fineTunedPath = null;
        // Named before fine-tuning starts, so whatever stops the run after the file is written (Ctrl+C or a data error
        // during the head refit) still removes it.
        using (var fineTunedFile = options.FineTune.Unfreeze != UnfreezeMode.None ? OwnedTemporaryFile.Create("mlpipeline-finetuned", ".onnx") : null)
        {
            if (fineTunedFile is not null)
            {
                (fineTuning, var tunedFeaturizer, split, head, headModel, headChoice) =
                    await FineTuneAsync(options, mlContext, dataset.Classes, backbone, reader, split, head, (headModel, headChoice), fineTunedFile.Path, ct);
                if (tunedFeaturizer is not null)
                {
                    (featurizer, fineTunedPath) = (tunedFeaturizer, fineTunedFile.Path);
                }
            }

            // One clear step after the final head is fitted, on images no fit above has trained on.
            (headModel, var calibration, var notCalibrated) = HeadCalibration.Fit(head, headModel, split.Validation);
            if (calibration is not null)
            {
                observer.Info(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"Temperature scaling on {calibration.ValidationImages} validation images: T = {calibration.Temperature:0.###}, NLL {calibration.NegativeLogLikelihoodBefore:0.0000} -> {calibration.NegativeLogLikelihoodAfter:0.0000}, ECE {calibration.ExpectedCalibrationErrorBefore:0.0000} -> {calibration.ExpectedCalibrationErrorAfter:0.0000}."));
            }
            else if (split.Validation.Count > 0)
            {
                observer.Info($"No temperature fitted: {notCalibrated}; the probabilities are the head's own.");
            }

            var report = split.Validation.Count > 0 ? head.Evaluate(headModel, split.Validation) : null;

            ct.ThrowIfCancellationRequested();
            var manifest = new ModelManifest(
                Tool: ToolInfo.Name,
                ToolVersion: ToolInfo.Version,
                CreatedUtc: DateTimeOffset.UtcNow,
                Classes: dataset.Classes,
                Backbone: new BackboneInfo(
                    backbone.Architecture.Name,
                    backbone.Source,
                    fineTunedPath is null ? backbone.Sha256 : ContentHash.OfFile(fineTunedPath),
                    backbone.Architecture.InputWidth,
                    backbone.Architecture.InputHeight,
                    backbone.Architecture.FeatureSize),
                Settings: new TrainingSettings(data.Validation is null ? options.ValidationFraction : 0, options.Seed, HeadSettings.TrainerNameOf(headChoice.Scaling))
                {
                    ValidationData = data.Validation is { LabelFile: null } folder ? folder.Root : null,
                    ValidationLabels = options.ValidationLabels is { } labels ? Absolute(labels) : null,
                },
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
                    TrainingImages = ContentHashSet.Encode(split.Train.Select(i => i.ContentSha256)),
                    LabelFile = dataset.LabelFile,
                    LabelFileSha256 = dataset.LabelFileSha256,
                },
                FineTuning: fineTuning,
                Calibration: calibration)
            {
                Head = headChoice,
            };

            var model = featurizer.Append(headModel);
            ModelStore.Save(mlContext, model, manifest, report, options.OutputPath);
            AtomicFile.WriteAllText(options.MetricsPath, JsonSerializer.Serialize(new TrainingMetricsFile(manifest, report), ModelStore.Json));
            string? curvePath = null;
            if (fineTuning is not null)
            {
                AtomicFile.WriteAllBytes(options.CurvePath, Plots.TrainingCurve(fineTuning.History));
                curvePath = Path.GetFullPath(options.CurvePath);
            }

            observer.Info($"Saved {options.OutputPath} and {options.MetricsPath}.");
            return new TrainResult(
                Path.GetFullPath(options.OutputPath),
                Path.GetFullPath(options.MetricsPath),
                manifest,
                report,
                featurized.Skipped,
                unvalidated,
                featurized.ImagesPerSecond,
                stopwatch.Elapsed,
                curvePath);
        }
    }

    /// <summary>
    /// Fine-tunes the backbone from the linear probe's head, writes it to a temporary ONNX file (ML.NET's ONNX
    /// transformer reads its model from a file, and stores it in the zip), featurizes the images again through it,
    /// and refits the head on those features, so the zip keeps the same pipeline and head kind as a linear probe.
    /// When no epoch beats the probe, the probe's featurizer (null here) and head are kept as they are.
    /// </summary>
    private async Task<(FineTuningInfo Info, ITransformer? Featurizer, Split<FeaturizedImage> Split, ClassifierHead Head, ITransformer HeadModel, HeadChoice Choice)> FineTuneAsync(
        TrainOptions options,
        MLContext mlContext,
        IReadOnlyList<string> classes,
        ResolvedBackbone backbone,
        ImageReader reader,
        Split<FeaturizedImage> split,
        ClassifierHead probeHead,
        (ITransformer Model, HeadChoice Choice) probe,
        string path,
        CancellationToken ct)
    {
        var settings = options.FineTune;
        var (weight, bias) = HeadParameters.From(probe.Model).ToDense();
        var labelOf = classes.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        List<TrainingExample> Examples(IEnumerable<FeaturizedImage> images) => [.. images.Select(i => new TrainingExample(i.Source.Path, labelOf[i.Source.Label]))];

        var pretrained = await File.ReadAllBytesAsync(backbone.OnnxPath, ct);
        var outcome = new FineTuner(observer).Run(
            pretrained, backbone.Architecture, weight, bias, classes.Count, Examples(split.Train), Examples(split.Validation), settings, options.Seed, reader, ct);

        var info = new FineTuningInfo(
            UnfreezeModes.Name(settings.Unfreeze),
            settings.Epochs,
            outcome.KeptEpoch,
            settings.BatchSize,
            settings.LearningRate,
            settings.LearningRate * FineTuneSettings.BackboneLearningRateFactor,
            FineTuneSettings.WeightDecay,
            FineTuneSettings.LabelSmoothing,
            settings.Augment,
            settings.Augment && settings.Flip,
            settings.Patience,
            backbone.Sha256,
            outcome.History)
        {
            Probe = outcome.Probe,
            StoppedBecause = outcome.StoppedBecause,
        };
        if (outcome.Backbone is null)
        {
            observer.Info(outcome.Probe is { } probeScore
                ? string.Create(CultureInfo.InvariantCulture, $"No fine-tuned epoch beat the linear probe on validation (accuracy {probeScore.Accuracy:0.000}, log-loss {probeScore.LogLoss:0.0000}): the saved model is the probe.")
                : "The first epoch diverged: the saved model is the linear probe.");
            return (info, null, split, probeHead, probe.Model, probe.Choice);
        }

        await File.WriteAllBytesAsync(path, outcome.Backbone, ct);
        var tuned = backbone with { OnnxPath = path };
        observer.Info($"Featurizing {split.Train.Count + split.Validation.Count} images with the fine-tuned backbone to refit the head...");
        FeaturizationResult again;
        using (var engine = new ScoringEngine(ScoringModel.ForBackbone(tuned)))
        {
            again = engine.Featurize([.. split.Train.Concat(split.Validation).Select(i => i.Source)], observer, ct);
        }

        var featurizer = FeaturizerFactory.Fit(mlContext, tuned);
        var byPath = again.Images.ToDictionary(i => i.Source.Path, StringComparer.Ordinal);
        FeaturizedImage Refeaturized(FeaturizedImage image) => byPath.TryGetValue(image.Source.Path, out var found)
            ? found
            : throw new MlPipelineException(ExitCode.DataError, $"{image.Source.RelativePath} could be read before fine-tuning but not after.");
        var tunedSplit = new Split<FeaturizedImage>([.. split.Train.Select(Refeaturized)], [.. split.Validation.Select(Refeaturized)]);
        var head = new ClassifierHead(mlContext, classes, FeaturizerFactory.FeatureType(mlContext, featurizer));
        var (headModel, choice) = FitHead(head, tunedSplit);
        return (info, featurizer, tunedSplit, head, headModel, choice);
    }

    /// <summary>Fits the head with the scaling and L2 chosen on the validation split, and says which in one line.</summary>
    private (ITransformer Model, HeadChoice Choice) FitHead(ClassifierHead head, Split<FeaturizedImage> split)
    {
        var (model, choice) = HeadSelection.Fit(head, split.Train, split.Validation);
        observer.Info(choice.Validation is { } score
            ? string.Create(CultureInfo.InvariantCulture, $"Head: {choice.Scaling} scaling, L2 {choice.L2:G3}, L1 {choice.L1:G3}, chosen among {choice.Candidates} settings on {split.Validation.Count} validation images (accuracy {score.Accuracy:0.000}, log-loss {score.LogLoss:0.0000}; {choice.Seconds:0.0} s).")
            : $"Head: {choice.Scaling} scaling with ML.NET's default regularization (nothing held out to choose on).");
        return (model, choice);
    }

    // The manifest says where the validation labels were, wherever quantize runs from later.
    private static LabelFileOptions Absolute(LabelFileOptions labels) =>
        labels with { File = Path.GetFullPath(labels.File), ImagesRoot = labels.FullImagesRoot() };

    // Copies of one file stay on one side of the split, so a class of copies is as unsplittable as a single image.
    private static string UnsplittableReason(List<FeaturizedImage> kept) =>
        kept.Count == 1 ? "a single readable image"
        : kept.DistinctBy(i => i.ContentSha256, StringComparer.Ordinal).Count() == 1 ? $"its {kept.Count} readable images are copies of one file"
        : "its groups of copies are each larger than the share held out";

    private static Dictionary<string, int> CountByClass(IReadOnlyList<string> classes, IReadOnlyList<FeaturizedImage> images) =>
        classes.ToDictionary(c => c, c => images.Count(i => i.Source.Label == c), StringComparer.Ordinal);
}
