namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>
/// A value in the ONNX graph being built, with its shape after the batch dimension in ONNX layout:
/// [C, H, W] for images (channels first), [F] for vectors.
/// </summary>
internal sealed record OnnxValue(string Name, IReadOnlyList<int> Dims)
{
    public bool IsImage => Dims.Count == 3;

    public string DescribeShape() => $"[N, {string.Join(", ", Dims)}]";
}
