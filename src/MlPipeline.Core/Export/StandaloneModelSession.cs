using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlPipeline.Core.Export;

/// <summary>Runs an exported model in ONNX Runtime, as any consumer of the file would.</summary>
public sealed class StandaloneModelSession : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Loads the model from its bytes.</summary>
    public StandaloneModelSession(byte[] onnx) => _session = new InferenceSession(onnx);

    /// <summary>Loads the model from a file.</summary>
    public StandaloneModelSession(string onnxPath) => _session = new InferenceSession(onnxPath);

    /// <summary>The model's metadata properties (classes, input layout, provenance).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    /// <summary>Classifies a batch of images given as tightly packed RGBA rows of the model's input size.</summary>
    /// <param name="rgbaImages">One RGBA buffer per image, width x height x 4 bytes; alpha is ignored.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <returns>Per image: the class probabilities and the predicted class index.</returns>
    public IReadOnlyList<(float[] Probabilities, long Label)> Run(IReadOnlyList<byte[]> rgbaImages, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgbaImages);
        var pixels = new byte[rgbaImages.Count * height * width * 3];
        var target = 0;
        foreach (var rgba in rgbaImages)
        {
            for (var source = 0; source < rgba.Length; source += 4)
            {
                pixels[target++] = rgba[source];
                pixels[target++] = rgba[source + 1];
                pixels[target++] = rgba[source + 2];
            }
        }

        var input = new DenseTensor<byte>(pixels, [rgbaImages.Count, height, width, 3]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(StandaloneOnnxBuilder.Input, input)]);
        var probabilities = results.Single(r => r.Name == StandaloneOnnxBuilder.Probabilities).AsTensor<float>();
        var labels = results.Single(r => r.Name == StandaloneOnnxBuilder.Label).AsTensor<long>();
        var classes = probabilities.Dimensions[1];
        var all = probabilities.ToArray();
        return [.. Enumerable.Range(0, rgbaImages.Count).Select(i => (all[(i * classes)..((i + 1) * classes)], labels[i]))];
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
