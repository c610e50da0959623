using System.Globalization;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Core.Evaluation;

/// <summary>What <c>evaluate</c> was asked to do, parsed and defaulted.</summary>
/// <param name="ModelPath">Model zip written by <c>train</c>.</param>
/// <param name="DataDirectory">Labeled folder, one subfolder per class (the training layout); null with <see cref="Labels"/>.</param>
/// <param name="ReportDirectory">Where metrics.json, report.md, report.html and the plots go; null writes no files.</param>
/// <param name="Gates">Quality thresholds; a failed one makes the run exit with <see cref="ExitCode.QualityGateFailed"/>.</param>
public sealed record EvaluateOptions(
    string ModelPath,
    string? DataDirectory,
    string? ReportDirectory,
    GateThresholds Gates)
{
    /// <summary>Compare against this production model too, with its own gates; null evaluates the model alone.</summary>
    public BaselineOptions? Baseline { get; init; }

    /// <summary>A label file to evaluate on instead of <see cref="DataDirectory"/> (<c>--labels</c>), or null.</summary>
    public LabelFileOptions? Labels { get; init; }

    /// <summary>The data: <see cref="DataDirectory"/> or <see cref="Labels"/>, whichever was given.</summary>
    /// <exception cref="MlPipelineException">Both or neither were given.</exception>
    public DataSource Data => DataSource.Required(DataDirectory, Labels);

    /// <summary>The cache both models' backbones and heads are kept in between runs; null for <see cref="BackboneCache.DefaultDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Rejects gate thresholds outside [0, 1] before any work is done.</summary>
    /// <exception cref="MlPipelineException">A threshold is out of range (usage error).</exception>
    public void Validate()
    {
        _ = Data;
        foreach (var (name, value) in QualityGates.Named(Gates))
        {
            if (value is { } v && (double.IsNaN(v) || v is < 0 or > 1))
            {
                throw new MlPipelineException(ExitCode.UsageError, $"--{name} must be between 0 and 1, got {v.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        Baseline?.Validate();
    }
}
