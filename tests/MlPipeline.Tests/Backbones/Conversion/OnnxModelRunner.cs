using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>Runs a converted model in ONNX Runtime on one float input named <c>image</c>.</summary>
public sealed class OnnxModelRunner(byte[] model) : IDisposable
{
    private readonly InferenceSession session = new(model);

    public IReadOnlyDictionary<string, NodeMetadata> Outputs => session.OutputMetadata;

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => session.InputMetadata;

    public Dictionary<string, (int[] Shape, float[] Data)> Run(float[] input, int[] shape)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", new DenseTensor<float>(input, shape))]);
        return results.ToDictionary(
            result => result.Name,
            result =>
            {
                var tensor = result.AsTensor<float>();
                return (tensor.Dimensions.ToArray(), tensor.ToArray());
            });
    }

    public void Dispose() => session.Dispose();
}
