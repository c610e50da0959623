using System.Diagnostics;
using System.Security.Cryptography;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.Core.IO;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Scoring;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// The <c>quantize</c> job: static post-training int8 quantization of the backbone inside a model zip. Activation
/// ranges are calibrated on training-side images of <c>--data</c>, both models are measured on the validation side
/// (the split <c>train</c> made, from the manifest's seed and fraction), and the int8 zip is written only when it
/// loses no more than the allowed accuracy.
/// </summary>
public sealed class QuantizeRunner(IRunObserver observer)
{
    private const int CalibrationBatch = 4;

    // Enough images for a stable ranking (one batch; each of the ~70 scored models runs them once), few enough
    // that the pass stays a fraction of the whole run.
    private const int SensitivityImages = 8;

    /// <summary>Runs the job. Anticipated failures throw <see cref="MlPipelineException"/>; a failed accuracy gate does not.</summary>
    public Task<QuantizeResult> RunAsync(QuantizeOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => Run(options, ct), ct);
    }

    private QuantizeResult Run(QuantizeOptions options, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        options.Validate();
        AtomicFile.EnsureWritable(options.OutputPath);
        var model = ModelStore.Load(options.ModelPath);
        var manifest = model.Manifest;
        if (manifest.Quantization is not null)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{options.ModelPath} is already quantized; quantize its float model.");
        }

        var catalog = BackboneCatalog.Find(manifest.Backbone.Name)
            ?? throw new MlPipelineException(ExitCode.ModelError, $"{options.ModelPath}: unknown backbone '{manifest.Backbone.Name}'.");
        var spec = catalog.Architecture;
        var floatOnnx = EmbeddedBackbone.Read(options.ModelPath, manifest);

        var data = options.Data;
        var sources = TrainingSources.Resolve(data, DataSource.Either(manifest.Settings.ValidationData, manifest.Settings.ValidationLabels, "--validation-data", "--validation-labels"));
        var (readable, skipped) = ReadableImages(sources, data.Name, manifest, spec, ct);
        if (readable.Count == 0)
        {
            throw new MlPipelineException(
                ExitCode.DataError, $"No readable image of the model's classes in {data.Name}: all {skipped.Count} were skipped (first: {skipped[0].RelativePath}: {skipped[0].Reason}).");
        }

        var split = SplitLikeTrain(sources, readable, manifest.Settings);
        if (split.Validation.Count == 0)
        {
            throw new MlPipelineException(
                ExitCode.DataError,
                $"No validation images: the split of {data.Name} (fraction {manifest.Settings.ValidationFraction}, seed {manifest.Settings.Seed}) holds none out.");
        }

        var calibration = CalibrationSet.Choose(split.Train, i => i.Image.Label, options.CalibrationImages, manifest.Settings.Seed);
        if (calibration.Count < options.CalibrationImages)
        {
            observer.Warn($"Only {calibration.Count} training-side images to calibrate on ({options.CalibrationImages} asked for).");
        }

        var quantizer = QdqQuantizer.Load(floatOnnx);
        var ranges = Calibrate(quantizer, calibration, spec, options.Calibration, ct);
        var validation = split.Validation.Select(i => i.Image).ToList();
        var floatModel = ScoringModel.Open(options.ModelPath, options.CacheDirectory);
        var floatLabels = Predict("Measuring the float model", floatModel, validation, ct);
        AccuracyComparison Measure(byte[] int8) =>
            AccuracyComparison.Of(validation, floatLabels, Predict("Measuring the int8 model", floatModel.WithBackbone(int8), validation, ct));

        // Every activation quantized is the fastest graph; the sensitivity pass (minutes) and its float layers are
        // only paid for when that graph fails the gate, as default-trained fine-tuned models did (docs/quantize.md).
        var int8Onnx = quantizer.Quantize(ranges, options.Activations);
        var comparison = Measure(int8Onnx);
        List<FloatTensor> keptFloat = [];
        if (comparison.AccuracyDrop > options.MaxAccuracyDrop && options.KeepFloat > 0)
        {
            observer.Info($"With every activation quantized int8 loses {comparison.AccuracyDrop:P2} (allowed {options.MaxAccuracyDrop:P2}): finding the {options.KeepFloat} most sensitive to keep float.");
            keptFloat = MostSensitive(quantizer, floatOnnx, ranges, calibration, spec, options, ct);
            int8Onnx = quantizer.Quantize(ranges, options.Activations, keptFloat.Select(k => k.Tensor).ToHashSet(StringComparer.Ordinal));
            comparison = Measure(int8Onnx);
        }

        var keep = keptFloat.Select(k => k.Tensor).ToHashSet(StringComparer.Ordinal);
        var int8Sha256 = Convert.ToHexStringLower(SHA256.HashData(int8Onnx));
        var onnxPath = Path.Combine(Path.GetTempPath(), $"mlpipeline-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(onnxPath, int8Onnx);
            var source = $"{manifest.Backbone.Source}, quantized by mlpipeline quantize";
            var int8Model = QuantizedPipeline.WithBackbone(model, new ResolvedBackbone(spec, catalog.Origin, onnxPath, int8Sha256));

            var info = new QuantizationInfo(
                "ONNX QDQ, static int8",
                "int8, symmetric, per output channel",
                options.Activations == ActivationType.U8 ? "uint8" : "int8",
                options.Calibration switch
                {
                    CalibrationMethod.MinMax => EnumNames.Name(options.Calibration),
                    CalibrationMethod.Percentile => $"{EnumNames.Name(options.Calibration)} {RangeCollector.Percentile}",
                    _ => $"{EnumNames.Name(options.Calibration)} {RangeCollector.EntropyLevels}",
                },
                calibration.Count,
                DatasetFingerprint.Compute(calibration.Select(c => (c.Image.RelativePath, c.ContentSha256))),
                manifest.Backbone.Sha256,
                comparison.Images,
                comparison.FloatAccuracy,
                comparison.QuantizedAccuracy,
                comparison.Agreement);
            var result = new QuantizeResult(
                null, info, comparison.AccuracyDrop, options.MaxAccuracyDrop, quantizer.QuantizedConvolutions(keep), keptFloat, skipped, TimeSpan.Zero);
            if (!result.GatePassed)
            {
                observer.Warn($"int8 loses {comparison.AccuracyDrop:P2} accuracy (allowed {options.MaxAccuracyDrop:P2}); nothing was written.");
                return result with { Elapsed = stopwatch.Elapsed };
            }

            ct.ThrowIfCancellationRequested();
            var int8Manifest = manifest with
            {
                CreatedUtc = DateTimeOffset.UtcNow,
                Backbone = manifest.Backbone with { Source = source, Sha256 = int8Sha256 },
                Quantization = info,
            };
            // The float model's validation metrics do not describe the int8 one, so none are carried over; the
            // int8 accuracy is in this command's report.
            ModelStore.Save<object>(model.MLContext, int8Model, int8Manifest, validation: null, options.OutputPath);
            observer.Info($"Saved {options.OutputPath}.");
            return result with { OutputPath = Path.GetFullPath(options.OutputPath), Elapsed = stopwatch.Elapsed };
        }
        finally
        {
            File.Delete(onnxPath);
        }
    }

    /// <summary>The split train made of these images: calibration stays on its training side, measurement on its validation side.</summary>
    internal static Split<CalibrationImage> SplitLikeTrain(TrainingSources sources, IReadOnlyList<CalibrationImage> readable, TrainingSettings settings) =>
        sources.Partition(readable, i => i.Image, i => i.ContentSha256, settings.ValidationFraction, settings.Seed).Split;

    // The split must see exactly the images train saw: the readable ones, of the model's classes.
    internal (List<CalibrationImage> Readable, List<SkippedImage> Skipped) ReadableImages(
        TrainingSources sources, string dataDirectory, ModelManifest manifest, BackboneArchitecture spec, CancellationToken ct)
    {
        var known = manifest.Classes.ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in sources.Train.Classes.Where(c => !known.Contains(c)))
        {
            observer.Warn($"{(sources.Train.LabelFile is null ? "Class folder" : "Label")} '{unknown}' is not a class of the model; left out.");
        }

        var images = sources.Images.Where(i => known.Contains(i.Label)).ToList();
        if (images.Count == 0)
        {
            throw new MlPipelineException(ExitCode.DataError, $"No images of the model's classes ({string.Join(", ", manifest.Classes)}) in {dataDirectory}.");
        }

        var reader = new ImageReader(spec.InputWidth, spec.InputHeight);
        var hashes = new string?[images.Count];
        var reasons = new string?[images.Count];
        observer.Track("Reading", images.Count, advance =>
        {
            var gate = new Lock();
            Parallel.For(0, images.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                try
                {
                    var decoded = reader.Read(images[i].Path);
                    decoded.Image.Dispose();
                    hashes[i] = decoded.ContentSha256;
                }
                catch (ImageReadException e)
                {
                    reasons[i] = e.Reason;
                }

                lock (gate)
                {
                    advance(1);
                }
            });
            return 0;
        });

        var readable = new List<CalibrationImage>(images.Count);
        var skipped = new List<SkippedImage>();
        for (var i = 0; i < images.Count; i++)
        {
            if (hashes[i] is { } hash)
            {
                readable.Add(new CalibrationImage(images[i], hash));
            }
            else
            {
                skipped.Add(new SkippedImage(images[i].RelativePath, reasons[i] ?? "unreadable"));
                observer.Warn($"Skipped {images[i].RelativePath}: {reasons[i]}");
            }
        }

        return (readable, skipped);
    }

    private IReadOnlyDictionary<string, (float Min, float Max)> Calibrate(
        QdqQuantizer quantizer, IReadOnlyList<CalibrationImage> images, BackboneArchitecture spec, CalibrationMethod method, CancellationToken ct)
    {
        var reader = new ImageReader(spec.InputWidth, spec.InputHeight);
        using var calibrator = new ActivationCalibrator(quantizer.CalibrationModel(), quantizer.CalibratedTensors, spec.InputWidth, spec.InputHeight, method);
        observer.Track("Calibrating", images.Count, advance =>
        {
            foreach (var batch in images.Chunk(CalibrationBatch))
            {
                ct.ThrowIfCancellationRequested();
                var decoded = batch.AsParallel().AsOrdered().Select(i => reader.Read(i.Image.Path).Image).ToList();
                try
                {
                    calibrator.Add(decoded);
                }
                finally
                {
                    decoded.ForEach(d => d.Dispose());
                }

                advance(batch.Length);
            }

            return 0;
        });
        return calibrator.Ranges();
    }

    // The calibration set is round-robin across classes, so its first images cover as many classes as they can.
    private List<FloatTensor> MostSensitive(
        QdqQuantizer quantizer,
        byte[] floatOnnx,
        IReadOnlyDictionary<string, (float Min, float Max)> ranges,
        IReadOnlyList<CalibrationImage> calibration,
        BackboneArchitecture spec,
        QuantizeOptions options,
        CancellationToken ct)
    {
        var reader = new ImageReader(spec.InputWidth, spec.InputHeight);
        var decoded = calibration.Take(SensitivityImages).Select(i => reader.Read(i.Image.Path).Image).ToList();
        IReadOnlyList<FloatTensor> ranked;
        try
        {
            var input = ActivationCalibrator.Input(decoded, spec.InputWidth, spec.InputHeight);
            ranked = observer.Track(
                "Sensitivity of each activation", quantizer.QuantizedTensors.Count, advance => SensitivityPass.Rank(quantizer, floatOnnx, ranges, options.Activations, input, advance, ct));
        }
        finally
        {
            decoded.ForEach(d => d.Dispose());
        }

        return [.. ranked.Take(options.KeepFloat)];
    }

    private string?[] Predict(string description, ScoringModel model, List<LabeledImage> images, CancellationToken ct)
    {
        var labels = new string?[images.Count];
        observer.Track(description, images.Count, advance =>
        {
            using var engine = new ScoringEngine(model);
            foreach (var scored in engine.Score([.. images.Select(i => i.Path)], ct))
            {
                labels[scored.Index] = scored.Prediction?.PredictedLabel;
                advance(1);
            }

            return 0;
        });
        return labels;
    }

    internal sealed record CalibrationImage(LabeledImage Image, string ContentSha256);
}
