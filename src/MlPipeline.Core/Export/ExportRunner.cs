using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.IO;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Export;

/// <summary>
/// The <c>export</c> verb: turns a model zip into one standalone ONNX file (uint8 NHWC RGB image in, class
/// probabilities and label out), proves it reproduces the zip, and optionally writes a static browser page around it.
/// </summary>
public sealed class ExportRunner(IRunObserver observer)
{
    /// <summary>Exports; the ONNX file appears only once it has passed the parity check.</summary>
    /// <exception cref="MlPipelineException">Not our model (ModelError), unwritable output (OutputError), or a failed parity check.</exception>
    public async Task<ExportResult> RunAsync(ExportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        AtomicFile.EnsureWritable(options.OutputPath);
        if (options.WebDirectory is { } web)
        {
            WebPageWriter.EnsureWritable(web);
        }

        var model = ModelStore.Load(options.ModelPath);
        var manifest = model.Manifest;
        var backbone = EmbeddedBackbone.Read(options.ModelPath, manifest);
        var head = HeadParameters.From(model.Model);
        if (head.ClassCount != manifest.Classes.Count || head.FeatureSize != manifest.Backbone.FeatureSize)
        {
            throw new MlPipelineException(
                ExitCode.ModelError,
                $"{options.ModelPath}: the head has {head.ClassCount} classes and {head.FeatureSize} features, the manifest {manifest.Classes.Count} and {manifest.Backbone.FeatureSize}.");
        }

        ct.ThrowIfCancellationRequested();
        observer.Info($"Building the ONNX graph ({manifest.Backbone.Name} + head, {manifest.Classes.Count} classes)...");
        var metadata = ExportMetadata.Create(manifest, ModelStore.ReadValidation<ClassificationReport>(options.ModelPath));
        var onnx = StandaloneOnnxBuilder.Build(backbone, head, manifest.Backbone.InputWidth, manifest.Backbone.InputHeight, metadata);

        ParityReport? parity = null;
        AtomicFile.Write(options.OutputPath, temp =>
        {
            File.WriteAllBytes(temp, onnx);
            observer.Info("Checking that ONNX Runtime reproduces the model zip...");
            // Checked on the written file before it is moved into place: a failing export leaves nothing behind.
            parity = ParityCheck.Run(model, temp);
        });
        observer.Info($"Parity: max probability difference {parity!.MaxProbabilityDifference:G3} on {parity.Inputs} check images.");

        var fullWeb = options.WebDirectory is { } dir ? Path.GetFullPath(dir) : null;
        if (fullWeb is not null)
        {
            observer.Info($"Writing the browser page to {fullWeb}...");
            await WebPageWriter.WriteAsync(fullWeb, options.OutputPath, manifest.Classes, options.CacheDirectory, observer, ct);
        }

        return new ExportResult(Path.GetFullPath(options.OutputPath), onnx.LongLength, manifest.Classes, parity, fullWeb);
    }
}
