using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Quantization;

/// <summary>How the quantizer treats one ONNX operator; <see cref="QdqRules"/> holds one per op it quantizes.</summary>
/// <param name="OpType">The ONNX operator.</param>
/// <param name="Applies">Whether this node can be quantized, given the graph's initializers by name.</param>
/// <param name="ActivationInputs">Input positions that are activations, quantized unless they are initializers.</param>
/// <param name="OwnOutputRange">True: the output is quantized with its own calibrated range. False: it reuses its
/// input's scale and zero point, which is exact for ops that commute with a monotone affine map (max, zero padding).</param>
/// <param name="AbsorbsRelu">A ReLU that is the only reader of the output is dropped and the output takes the ReLU's
/// range, which starts at 0, so the integer clamp at the zero point is the ReLU.</param>
/// <param name="QuantizesWeights">The weight (input 1) is quantized per output channel to int8 and the bias (input 2)
/// to int32 at scale input × weight, both read through DequantizeLinear.</param>
internal sealed record QdqRule(
    string OpType,
    Func<NodeProto, IReadOnlyDictionary<string, TensorProto>, bool> Applies,
    int[] ActivationInputs,
    bool OwnOutputRange,
    bool AbsorbsRelu = false,
    bool QuantizesWeights = false);
