using System.Text.Json;
using MlPipeline.Core.IO;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Export;

/// <summary>
/// Writes the static browser page for an exported model: index.html, app.js, and the layout and bars it shares
/// with serve's page (page.css, page.js), the model, labels.json, and
/// onnxruntime-web's wasm build, all local, so the page works from any static file server with no network access.
/// </summary>
internal static class WebPageWriter
{
    /// <summary>The model's file name inside the page folder; app.js loads it by this name.</summary>
    public const string ModelFile = "model.onnx";

    private static readonly string[] PageFiles = ["index.html", "app.js", "page.css", "page.js"];

    /// <summary>Checks early, before any long work, that the folder can be created and written.</summary>
    /// <exception cref="MlPipelineException">It cannot.</exception>
    public static void EnsureWritable(string directory)
    {
        if (File.Exists(directory))
        {
            throw new MlPipelineException(ExitCode.OutputError, $"--web must be a folder, but {directory} is a file.");
        }

        AtomicFile.EnsureWritable(Path.Combine(directory, ModelFile));
    }

    /// <exception cref="MlPipelineException">The runtime cannot be fetched, or the folder cannot be written.</exception>
    public static async Task WriteAsync(string directory, string onnxPath, IReadOnlyList<string> classes, string cacheDirectory, IRunObserver observer, CancellationToken ct)
    {
        string dist;
        try
        {
            dist = await OnnxRuntimeWeb.EnsureDistAsync(cacheDirectory, observer, ct);
        }
        catch (MlPipelineException e)
        {
            throw new MlPipelineException(ExitCode.OutputError, $"The --web page needs onnxruntime-web: {e.Message}", e);
        }

        try
        {
            Directory.CreateDirectory(directory);
            foreach (var file in PageFiles)
            {
                AtomicFile.Write(Path.Combine(directory, file), temp =>
                {
                    using var source = WebAssets.Open(file);
                    using var target = File.Create(temp);
                    source.CopyTo(target);
                });
            }

            foreach (var file in OnnxRuntimeWeb.PageFiles)
            {
                AtomicFile.Write(Path.Combine(directory, file), temp => File.Copy(Path.Combine(dist, file), temp));
            }

            AtomicFile.WriteAllText(Path.Combine(directory, "labels.json"), JsonSerializer.Serialize(classes));
            AtomicFile.Write(Path.Combine(directory, ModelFile), temp => File.Copy(onnxPath, temp));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.OutputError, $"Cannot write the page to {directory}: {e.Message}", e);
        }
    }
}
