using System.Globalization;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.Core.Models;
using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Core.Training;

/// <summary>What <c>train</c> was asked to do, parsed and defaulted.</summary>
/// <param name="DataDirectory">Dataset folder, one subfolder per class, or a split root (train/, valid/, test/); null with <see cref="Labels"/>.</param>
/// <param name="OutputPath">Where the model zip goes; the metrics JSON lands beside it.</param>
/// <param name="Backbone">A catalog name (resnet50) or a path to a .onnx or TF.js model.json file.</param>
/// <param name="ValidationFraction">Share of each class held out for validation, in [0, 1).</param>
/// <param name="Seed">Seed of the split and of ML.NET.</param>
/// <param name="CacheDirectory">Where fetched and converted backbones are kept.</param>
/// <param name="FineTune">How much of the backbone to fine-tune, and how.</param>
public sealed record TrainOptions(
    string? DataDirectory,
    string OutputPath,
    string Backbone,
    double ValidationFraction,
    int Seed,
    string CacheDirectory,
    FineTuneSettings FineTune)
{
    /// <summary>A separate validation folder used instead of a hold-out (<c>--validation-data</c>), or null.</summary>
    public string? ValidationDataDirectory { get; init; }

    /// <summary>A label file to train on instead of <see cref="DataDirectory"/> (<c>--labels</c>), or null.</summary>
    public LabelFileOptions? Labels { get; init; }

    /// <summary>A label file of validation images used instead of a hold-out (<c>--validation-labels</c>), or null.</summary>
    public LabelFileOptions? ValidationLabels { get; init; }

    /// <summary>The training data: <see cref="DataDirectory"/> or <see cref="Labels"/>, whichever was given.</summary>
    /// <exception cref="MlPipelineException">Both or neither were given.</exception>
    public DataSource Data => DataSource.Required(DataDirectory, Labels);

    /// <summary>The separate validation data, or null for a hold-out.</summary>
    /// <exception cref="MlPipelineException">Both <c>--validation-data</c> and <c>--validation-labels</c> were given.</exception>
    public DataSource? ValidationData => DataSource.Either(ValidationDataDirectory, ValidationLabels, "--validation-data", "--validation-labels");

    /// <summary>Whether <c>--validation-fraction</c> was given on the command line rather than defaulted.</summary>
    public bool ValidationFractionGiven { get; init; }

    /// <summary>Default share held out for validation.</summary>
    public const double DefaultValidationFraction = 0.2;

    /// <summary>Default seed, fixed so that two runs on the same data give the same model.</summary>
    public const int DefaultSeed = 42;

    /// <summary>Rejects values training cannot run with; the only place they are checked.</summary>
    /// <exception cref="MlPipelineException">A value is out of range (<see cref="ExitCode.UsageError"/>).</exception>
    public void Validate()
    {
        if (ValidationFraction is < 0 or >= 1 || double.IsNaN(ValidationFraction))
        {
            throw new MlPipelineException(
                ExitCode.UsageError,
                string.Create(CultureInfo.InvariantCulture, $"--validation-fraction must be at least 0 and below 1, got {ValidationFraction}."));
        }

        _ = Data;
        if (ValidationData is { } validation && ValidationFractionGiven)
        {
            throw new MlPipelineException(
                ExitCode.UsageError,
                $"--validation-fraction and {(validation.Labels is null ? "--validation-data" : "--validation-labels")} exclude each other: separate validation data replaces the hold-out.");
        }

        if (FineTune.Problem() is { } problem)
        {
            throw new MlPipelineException(ExitCode.UsageError, problem);
        }

        ModelStore.EnsureZipName(OutputPath, "--output");
    }

    /// <summary>The metrics JSON path: the model path with <c>.metrics.json</c> in place of its extension.</summary>
    public string MetricsPath => Path.ChangeExtension(OutputPath, ".metrics.json");

    /// <summary>The fine-tuning loss and accuracy curve: the model path with <c>.curve.png</c> in place of its extension.</summary>
    public string CurvePath => Path.ChangeExtension(OutputPath, ".curve.png");
}
