using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// Ranks the quantized activations by what quantizing each one costs the backbone's output: a model with only that
/// tensor quantized (and the weights of the convolutions reading it) runs a few calibration images, and the squared
/// error of its features against the float model's, relative to the features' energy, is the tensor's score. One at
/// a time, so a score does not depend on which other tensors end up float.
/// </summary>
internal static class SensitivityPass
{
    /// <summary>Every quantized tensor of <paramref name="quantizer"/> with its score, the most sensitive first.</summary>
    /// <param name="quantizer">The quantizer, already loaded with the float model.</param>
    /// <param name="floatOnnx">The float model, for the reference features.</param>
    /// <param name="ranges">The calibrated ranges.</param>
    /// <param name="type">The activation type.</param>
    /// <param name="input">The images, as one batch of backbone input.</param>
    /// <param name="advance">Called once per tensor scored.</param>
    /// <param name="ct">Stops between tensors.</param>
    public static IReadOnlyList<FloatTensor> Rank(
        QdqQuantizer quantizer,
        byte[] floatOnnx,
        IReadOnlyDictionary<string, (float Min, float Max)> ranges,
        ActivationType type,
        DenseTensor<float> input,
        Action<int> advance,
        CancellationToken ct)
    {
        var reference = Features(floatOnnx, input);
        var energy = reference.Sum(v => (double)v * v);
        var scored = new List<FloatTensor>(quantizer.QuantizedTensors.Count);
        foreach (var tensor in quantizer.QuantizedTensors)
        {
            ct.ThrowIfCancellationRequested();
            var others = quantizer.QuantizedTensors.Where(t => t != tensor).ToHashSet(StringComparer.Ordinal);
            var features = Features(quantizer.Quantize(ranges, type, others), input);
            var error = 0.0;
            for (var i = 0; i < features.Length; i++)
            {
                error += ((double)features[i] - reference[i]) * (features[i] - reference[i]);
            }

            scored.Add(new FloatTensor(tensor, quantizer.ProducerOf(tensor), energy > 0 ? error / energy : error));
            advance(1);
        }

        return [.. scored.OrderByDescending(s => s.OutputError).ThenBy(s => s.Tensor, StringComparer.Ordinal)];
    }

    private static float[] Features(byte[] onnx, DenseTensor<float> input)
    {
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(BackboneGraph.Input, input)], [BackboneGraph.Features]);
        return [.. results[0].AsEnumerable<float>()];
    }
}
