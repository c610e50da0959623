using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.IO;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Prediction.Sharding;

namespace MlPipeline.Core.Prediction;

/// <summary>Turns <c>--input</c> into the images to predict, in a fixed order so that runs and resumes agree.</summary>
public static class PredictionInputs
{
    /// <summary>
    /// A file is predicted as given, whatever its extension. A folder gives its visible image files (and with
    /// <paramref name="recursive"/>, those of its subfolders too), sorted ordinally by relative path.
    /// </summary>
    /// <param name="inputPath">A file or a folder.</param>
    /// <param name="recursive">Include subfolders.</param>
    /// <param name="onSkipped">Told of each symlink left out by train's policy (loops, links out of the folder, dangling links).</param>
    /// <exception cref="MlPipelineException">The path exists neither as a file nor as a folder.</exception>
    public static IReadOnlyList<PredictionInput> Resolve(string inputPath, bool recursive, Action<ScanIssue>? onSkipped = null)
    {
        var full = Path.GetFullPath(inputPath);
        if (File.Exists(full) && !FileKinds.IsOpenableTarget(full))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Input {inputPath} cannot be opened: {FileKinds.NotRegularReason} (a pipe, socket or device would block the read).");
        }

        if (File.Exists(full))
        {
            return [new PredictionInput(full, Path.GetFileName(full))];
        }

        if (FileNames.IsUndecodable(full))
        {
            throw new MlPipelineException(
                ExitCode.UsageError, $"Input {inputPath} cannot be opened: its name is not valid UTF-8, and .NET can only open names it can decode; rename it, or pass its folder.");
        }

        if (!Directory.Exists(full))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Input not found: {inputPath}");
        }

        var (files, issues) = DatasetScanner.List(new DirectoryInfo(full), recursive);
        foreach (var issue in issues)
        {
            onSkipped?.Invoke(issue);
        }

        return [.. files
            .Select(f => new PredictionInput(f.Path, f.RelativePath))
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The images a label file lists (<c>--labels</c>), in file order, with paths relative to its images root; a label
    /// column is not needed. A listed image that is missing stays listed, so its row reports it.
    /// </summary>
    /// <param name="labels">The label file and how to read it.</param>
    /// <param name="onSkipped">Told of each row left out (an image listed again, something that is not a regular file).</param>
    /// <exception cref="MlPipelineException">See <see cref="LabelFile.Read"/>.</exception>
    public static IReadOnlyList<PredictionInput> Listed(LabelFileOptions labels, Action<ScanIssue>? onSkipped = null)
    {
        var contents = LabelFile.Read(labels, readLabels: false);
        foreach (var issue in contents.Skipped)
        {
            onSkipped?.Invoke(issue);
        }

        return [.. contents.Images.Select(i => new PredictionInput(i.FullPath, i.RelativePath))];
    }
}
