using MlPipeline.Core.Dataset;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Quantization;

/// <summary>What <c>quantize</c> measured and wrote.</summary>
/// <param name="OutputPath">The int8 model zip; null when the accuracy gate failed and nothing was written.</param>
/// <param name="Quantization">Settings, calibration fingerprint and the accuracy report (also in the zip's manifest).</param>
/// <param name="AccuracyDrop">Float accuracy minus int8 accuracy on the validation split.</param>
/// <param name="MaxAccuracyDrop">The gate.</param>
/// <param name="QuantizedConvolutions">Conv layers that run on integers (weights, input and output quantized).</param>
/// <param name="KeptFloat">Activations the sensitivity pass left in float, the most sensitive first.</param>
/// <param name="Skipped">Files of the dataset that could not be read.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
public sealed record QuantizeResult(
    string? OutputPath,
    QuantizationInfo Quantization,
    double AccuracyDrop,
    double MaxAccuracyDrop,
    int QuantizedConvolutions,
    IReadOnlyList<FloatTensor> KeptFloat,
    IReadOnlyList<SkippedImage> Skipped,
    TimeSpan Elapsed) : IRunResult
{
    /// <summary>Whether int8 stayed within the accuracy budget.</summary>
    public bool GatePassed => AccuracyDrop <= MaxAccuracyDrop;

    /// <inheritdoc />
    public ExitCode ExitCode => GatePassed ? ExitCode.Success : ExitCode.QualityGateFailed;
}
