using MlPipeline.Core.Dataset;

namespace MlPipeline.Core.Prediction;

/// <summary>Turns <c>--input</c> into the images to predict, in a fixed order so that runs and resumes agree.</summary>
public static class PredictionInputs
{
    /// <summary>
    /// A file is predicted as given, whatever its extension. A folder gives its visible image files (and with
    /// <paramref name="recursive"/>, those of its subfolders too), sorted ordinally by relative path.
    /// </summary>
    /// <exception cref="MlPipelineException">The path exists neither as a file nor as a folder.</exception>
    public static IReadOnlyList<PredictionInput> Resolve(string inputPath, bool recursive)
    {
        var full = Path.GetFullPath(inputPath);
        if (File.Exists(full))
        {
            return [new PredictionInput(full, Path.GetFileName(full))];
        }

        if (!Directory.Exists(full))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Input not found: {inputPath}");
        }

        var (files, _) = DatasetScanner.List(new DirectoryInfo(full), recursive);
        return [.. files
            .Select(f => new PredictionInput(f.Path, f.RelativePath))
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)];
    }
}
