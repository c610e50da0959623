namespace MlPipeline.Core.Quantization;

/// <summary>
/// The integer type activations are stored in. Weights are always int8; ONNX Runtime's x86 kernels name the pair
/// "u8s8" (uint8 activations) or "s8s8" (int8 activations).
/// </summary>
public enum ActivationType
{
    /// <summary>uint8 activations, asymmetric: a ReLU output's range [0, max] uses all 256 levels.</summary>
    U8,

    /// <summary>int8 activations, asymmetric (zero point -128 for ReLU outputs).</summary>
    S8,
}
