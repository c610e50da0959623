namespace MlPipeline.Core.Models;

/// <summary>How a model's backbone was quantized (absent from float models), recorded by <c>quantize</c>.</summary>
/// <param name="Format">The graph form, e.g. "ONNX QDQ, static int8".</param>
/// <param name="Weights">How weights are stored, e.g. "int8, symmetric, per output channel".</param>
/// <param name="Activations">Activation type: "uint8" or "int8".</param>
/// <param name="Calibration">How activation ranges were chosen: "min-max", "percentile 99.999" or "entropy 128" (the --calibration name, then its parameter).</param>
/// <param name="CalibrationImages">Images the ranges were measured on (from the training side of the split).</param>
/// <param name="CalibrationFingerprint">Dataset fingerprint (relative path and content hash) of those images.</param>
/// <param name="FloatBackboneSha256">SHA-256 of the float backbone that was quantized.</param>
/// <param name="ValidationImages">Held-out images both models were measured on.</param>
/// <param name="FloatAccuracy">Accuracy of the float model on them.</param>
/// <param name="QuantizedAccuracy">Accuracy of this model on them.</param>
/// <param name="LabelAgreement">Share of them on which both models predict the same label.</param>
public sealed record QuantizationInfo(
    string Format,
    string Weights,
    string Activations,
    string Calibration,
    int CalibrationImages,
    string CalibrationFingerprint,
    string FloatBackboneSha256,
    int ValidationImages,
    double FloatAccuracy,
    double QuantizedAccuracy,
    double LabelAgreement);
