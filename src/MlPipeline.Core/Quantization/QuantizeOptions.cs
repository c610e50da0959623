using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Quantization;

/// <summary>What <c>quantize</c> was asked to do, parsed and defaulted; <see cref="Validate"/> is the one check.</summary>
/// <param name="ModelPath">The float model zip written by <c>train</c>.</param>
/// <param name="DataDirectory">Labeled folder: calibration images come from its training side, accuracy from its validation side; null with <see cref="Labels"/>.</param>
/// <param name="OutputPath">Where the int8 model zip goes.</param>
/// <param name="CalibrationImages">How many training-side images calibrate the activation ranges.</param>
/// <param name="MaxAccuracyDrop">Largest accepted accuracy loss (float minus int8), in [0, 1].</param>
/// <param name="Activations">uint8 or int8 activations.</param>
/// <param name="Calibration">Min-max, percentile or entropy ranges.</param>
/// <param name="KeepFloat">When every activation quantized fails the gate, how many activations the sensitivity pass leaves in float, the most sensitive first; 0 never runs the pass.</param>
public sealed record QuantizeOptions(
    string ModelPath,
    string? DataDirectory,
    string OutputPath,
    int CalibrationImages = QuantizeOptions.DefaultCalibrationImages,
    double MaxAccuracyDrop = QuantizeOptions.DefaultMaxAccuracyDrop,
    ActivationType Activations = QuantizeOptions.DefaultActivations,
    CalibrationMethod Calibration = QuantizeOptions.DefaultCalibration,
    int KeepFloat = QuantizeOptions.DefaultKeepFloat)
{
    /// <summary>The label file train read, instead of <see cref="DataDirectory"/> (<c>--labels</c>), or null.</summary>
    public LabelFileOptions? Labels { get; init; }

    /// <summary>The data: <see cref="DataDirectory"/> or <see cref="Labels"/>, whichever was given.</summary>
    /// <exception cref="MlPipelineException">Both or neither were given.</exception>
    public DataSource Data => DataSource.Required(DataDirectory, Labels);

    /// <summary>Default number of calibration images.</summary>
    public const int DefaultCalibrationImages = 200;

    /// <summary>Default accuracy budget: one point.</summary>
    public const double DefaultMaxAccuracyDrop = 0.01;

    /// <summary>Default activation type (see the README's measurements).</summary>
    public const ActivationType DefaultActivations = ActivationType.U8;

    /// <summary>Default calibration method (see the README's measurements).</summary>
    public const CalibrationMethod DefaultCalibration = CalibrationMethod.MinMax;

    /// <summary>Default number of activations kept float (see docs/quantize.md's measurements).</summary>
    public const int DefaultKeepFloat = 4;

    /// <summary>The cache the float model's backbone and head are kept in between runs; null for <see cref="BackboneCache.DefaultDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Fails on values no run could use.</summary>
    /// <exception cref="MlPipelineException">With <see cref="ExitCode.UsageError"/>.</exception>
    public void Validate()
    {
        _ = Data;
        if (CalibrationImages < 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--calibration-images must be at least 1, got {CalibrationImages}.");
        }

        if (KeepFloat < 0)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--keep-float must be at least 0, got {KeepFloat}.");
        }

        if (double.IsNaN(MaxAccuracyDrop) || MaxAccuracyDrop is < 0 or > 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--max-accuracy-drop must be between 0 and 1, got {MaxAccuracyDrop}.");
        }

        if (Path.GetFullPath(OutputPath) == Path.GetFullPath(ModelPath))
        {
            throw new MlPipelineException(ExitCode.UsageError, "--output must differ from --model: the float model is read while the int8 one is written.");
        }

        ModelStore.EnsureZipName(OutputPath, "--output");
    }
}
