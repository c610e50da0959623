namespace MlPipeline.Core.Quantization;

/// <summary>An affine quantization <c>q = clamp(round(x / Scale) + ZeroPoint)</c>, <c>x ≈ (q - ZeroPoint) * Scale</c>.</summary>
/// <param name="Scale">Real value of one integer step.</param>
/// <param name="ZeroPoint">The integer that stands for real 0.</param>
internal readonly record struct QuantizationParameters(float Scale, int ZeroPoint);
