using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.IO;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Models;

/// <summary>
/// Saves and loads model zips: ML.NET's own format (so plain ML.NET programs can load them) with the manifest and
/// the validation metrics added as more entries, which ML.NET's loader ignores. The zip is the one model file: what
/// describes the model is read from it, never from files beside it.
/// </summary>
public static class ModelStore
{
    /// <summary>The zip entry holding the manifest.</summary>
    public const string ManifestEntry = "MlPipeline/manifest.json";

    /// <summary>The zip entry holding the validation metrics <c>train</c> measured; absent when nothing was held out.</summary>
    public const string ValidationEntry = "MlPipeline/validation.json";

    /// <summary>Options shared by every JSON file the tool writes.</summary>
    public static JsonSerializerOptions Json { get; } = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary><see cref="Json"/> on one line, for JSON embedded in other formats.</summary>
    public static JsonSerializerOptions CompactJson { get; } = new(Json) { WriteIndented = false };

    /// <summary>Writes model and manifest atomically: either the whole zip appears at <paramref name="path"/>, or nothing changes.</summary>
    /// <remarks>
    /// The metrics are generic because their record belongs to Evaluation, which builds on this namespace; the
    /// store only carries the document.
    /// </remarks>
    public static void Save<TValidation>(MLContext mlContext, ITransformer model, ModelManifest manifest, TValidation? validation, string path)
        where TValidation : class
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        AtomicFile.Write(path, temp =>
        {
            // No input schema: ML.NET can only store schemas of saveable column types, and images are not one.
            mlContext.Model.Save(model, null, temp);
            using var zip = ZipFile.Open(temp, ZipArchiveMode.Update);
            WriteEntry(zip, ManifestEntry, manifest);
            if (validation is not null)
            {
                WriteEntry(zip, ValidationEntry, validation);
            }
        });
    }

    /// <summary>Reads the validation metrics stored in a model zip; null when the model has none.</summary>
    /// <exception cref="MlPipelineException">The file is missing, not a zip, or its metrics entry is unreadable.</exception>
    public static TValidation? ReadValidation<TValidation>(string path)
        where TValidation : class
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            using var stream = zip.GetEntry(ValidationEntry)?.Open();
            return stream is null ? null : JsonSerializer.Deserialize<TValidation>(stream, Json);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{path} has unreadable validation metrics: {e.Message}", e);
        }
    }

    /// <summary>Loads a model zip written by <c>train</c>: the manifest is checked first, so foreign zips fail clearly.</summary>
    /// <exception cref="MlPipelineException">
    /// The file is missing (exit 2); not a zip, not ours, not loadable by ML.NET, or its manifest's classes differ
    /// from the model's own (exit 6).
    /// </exception>
    public static LoadedModel Load(string path)
    {
        var manifest = ReadManifest(path);
        ImageColumnType.EnsureRegistered();
        var mlContext = new MLContext();
        ITransformer model;
        try
        {
            model = mlContext.Model.Load(path, out _);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException or InvalidDataException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{path} could not be loaded by ML.NET: {e.Message}", e);
        }

        // The manifest is editable text beside the model; the model's own label names are the authority.
        ModelLabels.EnsureManifestMatches(manifest, ModelLabels.Read(mlContext, model, path), path);
        return new LoadedModel(mlContext, model, manifest);
    }

    /// <summary>Reads the manifest of a model zip.</summary>
    /// <exception cref="MlPipelineException">The file is missing (exit 2), not a zip, or not made by this tool (exit 6).</exception>
    public static ModelManifest ReadManifest(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlPipelineException(ExitCode.UsageError, !Directory.Exists(path) ? $"Model not found: {path}"
                : DataPathKinds.LooksLikeDataset(path) ? $"Model path is a folder that looks like a dataset, expected the model zip that train wrote: {path} (data goes in --data)."
                : $"Model path is a folder, expected a model zip: {path}");
        }

        if (Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"{path} is an exported ONNX file; this command needs the model zip that train wrote.");
        }

        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(ManifestEntry)
                ?? throw new MlPipelineException(ExitCode.ModelError, $"{path} is not an MlPipeline model (no {ManifestEntry}).");
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<ModelManifest>(stream, Json)
                ?? throw new MlPipelineException(ExitCode.ModelError, $"{path} has an empty manifest.");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{path} is not a readable model zip: {e.Message}", e);
        }
    }

    private static void WriteEntry<T>(ZipArchive zip, string name, T value)
    {
        using var entry = zip.CreateEntry(name).Open();
        JsonSerializer.Serialize(entry, value, Json);
    }
}
