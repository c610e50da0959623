namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>A float32 weight as stored by Keras: row-major data in the Keras shape (e.g. HWIO for Conv2D kernels).</summary>
internal sealed record WeightTensor(string Name, IReadOnlyList<int> Shape, float[] Data);
