namespace MlPipeline.Core.Quantization;

/// <summary>An activation <c>quantize</c> left in float, and why.</summary>
/// <param name="Tensor">The activation's name in the graph.</param>
/// <param name="Producer">The op (and node name) that writes it.</param>
/// <param name="OutputError">The backbone features' squared error, relative to their energy, with only this tensor
/// quantized, over the sensitivity pass's images: the larger, the more quantizing it costs.</param>
public sealed record FloatTensor(string Tensor, string Producer, double OutputError);
