using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Core.Prediction.Sharding;

namespace MlPipeline.Core.Prediction;

/// <summary>What <c>predict</c> was asked to do, parsed and defaulted.</summary>
/// <param name="ModelPath">Model zip written by <c>train</c>.</param>
/// <param name="InputPath">One image file, or a folder of images; null with <see cref="Labels"/>.</param>
/// <param name="Recursive">For a folder: include images in its subfolders too.</param>
/// <param name="OutputPath">The .csv or .jsonl file rows go to; null streams folder rows to stdout.</param>
/// <param name="StdoutFormat">How folder rows are written to stdout when <paramref name="OutputPath"/> is null.</param>
/// <param name="TopK">How many of the most likely classes each row lists (at least 1; clamped to the class count).</param>
/// <param name="MinConfidence">Below this top probability the label is <see cref="PredictionRow.UnknownLabel"/>; 0 turns it off.</param>
/// <param name="Resume">Keep the rows already in <paramref name="OutputPath"/> and predict only the missing images.</param>
public sealed record PredictOptions(
    string ModelPath,
    string? InputPath,
    bool Recursive,
    string? OutputPath,
    PredictionFormat StdoutFormat,
    int TopK,
    double MinConfidence,
    bool Resume)
{
    /// <summary>Default number of classes listed per image.</summary>
    public const int DefaultTopK = 3;

    /// <summary>Predict only this shard of the folder's images; null predicts them all.</summary>
    public Shard? Shard { get; init; }

    /// <summary>A label file whose listed images are predicted, in file order, instead of <see cref="InputPath"/> (<c>--labels</c>); its labels are not read.</summary>
    public LabelFileOptions? Labels { get; init; }

    /// <summary>What the rows are of, for messages: the input or the label file.</summary>
    public string Source => InputPath ?? Labels?.File ?? "";

    /// <summary>The cache the model's backbone and head are kept in between runs; null for <see cref="BackboneCache.DefaultDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Throws a usage error for values no run could use, before any model is loaded.</summary>
    /// <exception cref="MlPipelineException">An option is out of range or contradicts another.</exception>
    public void Validate()
    {
        if ((InputPath is null) == (Labels is null))
        {
            throw new MlPipelineException(
                ExitCode.UsageError, "Give --input (an image or a folder) or --labels (a CSV or TSV listing the images), one of the two.");
        }

        if (Labels is not null && Recursive)
        {
            throw new MlPipelineException(ExitCode.UsageError, "--recursive is for an --input folder; a label file lists its images itself.");
        }

        if (TopK < 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--top-k must be at least 1, got {TopK}.");
        }

        if (MinConfidence is < 0 or > 1 || double.IsNaN(MinConfidence))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--min-confidence must be in [0, 1], got {MinConfidence}.");
        }

        if (Resume && OutputPath is null)
        {
            throw new MlPipelineException(ExitCode.UsageError, "--resume needs --output: there is no file to resume from.");
        }

        if (OutputPath is not null)
        {
            PredictionFormats.FromPath(OutputPath);
        }
    }
}
