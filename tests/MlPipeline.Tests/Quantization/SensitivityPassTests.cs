using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Quantization;
using static MlPipeline.Core.Onnx.OnnxGraphBuilder;

namespace MlPipeline.Tests.Quantization;

/// <summary>
/// The sensitivity pass on a chain of three convolutions where one activation is planted sensitive: an outlier
/// channel, 1000 times the others and scaled back down by the next convolution, so the float output is ordinary but
/// a min-max range of that tensor leaves its other channels a fraction of one step.
/// </summary>
public sealed class SensitivityPassTests
{
    private const int Side = 8;
    private const int Count = 8;

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    public void The_planted_tensor_ranks_first_and_stays_float(string planted)
    {
        var onnx = Chain(planted);
        var quantizer = QdqQuantizer.Load(onnx);
        var ranges = MinMaxRanges(quantizer, Images());

        var ranked = SensitivityPass.Rank(quantizer, onnx, ranges, ActivationType.U8, Images(), _ => { }, CancellationToken.None);

        Assert.Equal(planted, ranked[0].Tensor);
        Assert.Equal($"Conv {planted}/pre", ranked[0].Producer);
        // Ranked by score: the planted tensor's error dwarfs every ordinary tensor's.
        Assert.True(ranked[0].OutputError > 10 * ranked[1].OutputError, $"{ranked[0].OutputError} vs {ranked[1].OutputError}");

        var full = Error(onnx, quantizer.Quantize(ranges, ActivationType.U8));
        var kept = quantizer.Quantize(ranges, ActivationType.U8, new HashSet<string> { planted });
        Assert.True(Error(onnx, kept) < full / 10, $"{Error(onnx, kept)} vs {full}");
        var graph = ModelProto.Parser.ParseFrom(kept).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType == "QuantizeLinear" && n.Input[0] == planted);
        // The ReLU the producer absorbed is back, since no integer clamp stands in for it.
        Assert.Equal($"{planted}/before_relu", Assert.Single(graph.Node, n => n.OpType == "Relu" && n.Output[0] == planted).Input[0]);
        // Of the three convolutions only the one that neither writes nor reads the float tensor stays integer.
        Assert.Equal(1, quantizer.QuantizedConvolutions(new HashSet<string> { planted }));
        Assert.Equal(3, quantizer.QuantizedConvolutions(new HashSet<string>()));
    }

    // image → Sub → Conv a + ReLU → Conv b + ReLU → Conv c → GAP → features; the planted tensor's channel 0 is
    // 1000 times larger, and the convolution reading it weighs that channel 1000 times less.
    private static byte[] Chain(string planted)
    {
        var random = new Random(3);
        float[] Weights(int count, float spread) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * spread)];
        var a = (Kernel: Weights(4 * 2 * 9, 0.05f), Bias: Weights(4, 0.5f));
        var b = (Kernel: Weights(4 * 4, 0.8f), Bias: Weights(4, 0.2f));
        var c = (Kernel: Weights(3 * 4, 0.6f), Bias: Weights(3, 0.1f));
        var (outlier, reader, inputs) = planted == "a" ? (a, b, 4) : (b, c, 4);
        for (var i = 0; i < outlier.Kernel.Length / 4; i++)
        {
            outlier.Kernel[i] *= 1000;
        }

        outlier.Bias[0] = Math.Abs(outlier.Bias[0]) * 1000;
        for (var o = 0; o < reader.Kernel.Length / inputs; o++)
        {
            reader.Kernel[o * inputs] /= 1000;
        }

        var graph = new OnnxGraphBuilder("planted");
        graph.AddInput("image", [2, Side, Side]);
        var x = graph.AddNode("Sub", ["image", graph.AddInitializer("mean", [1, 2, 1, 1], [100f, 120f])], "centered");
        x = graph.AddNode("Relu", [graph.AddNode("Conv", [x, graph.AddInitializer("a/kernel", [4, 2, 3, 3], a.Kernel), graph.AddInitializer("a/bias", [4], a.Bias)], "a/pre", Ints("pads", 1, 1, 1, 1))], "a");
        x = graph.AddNode("Relu", [graph.AddNode("Conv", [x, graph.AddInitializer("b/kernel", [4, 4, 1, 1], b.Kernel), graph.AddInitializer("b/bias", [4], b.Bias)], "b/pre")], "b");
        x = graph.AddNode("Conv", [x, graph.AddInitializer("c/kernel", [3, 4, 1, 1], c.Kernel), graph.AddInitializer("c/bias", [3], c.Bias)], "c");
        graph.AddNode("Flatten", [graph.AddNode("GlobalAveragePool", [x], "gap")], BackboneGraph.Features, Int("axis", 1));
        graph.AddOutput(BackboneGraph.Features, [3]);
        return graph.ToModelBytes("planted");
    }

    private static DenseTensor<float> Images()
    {
        var random = new Random(5);
        float[] pixels = [.. Enumerable.Range(0, Count * 2 * Side * Side).Select(_ => (float)random.Next(256))];
        return new DenseTensor<float>(pixels, [Count, 2, Side, Side]);
    }

    private static Dictionary<string, (float Min, float Max)> MinMaxRanges(QdqQuantizer quantizer, DenseTensor<float> images)
    {
        using var session = new InferenceSession(quantizer.CalibrationModel());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", images)], [.. quantizer.CalibratedTensors]);
        return results.ToDictionary(
            r => r.Name,
            r =>
            {
                var collector = new RangeCollector(CalibrationMethod.MinMax);
                collector.Add(((DenseTensor<float>)r.AsTensor<float>()).Buffer.Span);
                return collector.Range();
            });
    }

    private static double Error(byte[] reference, byte[] quantized)
    {
        var (expected, actual) = (Features(reference), Features(quantized));
        return expected.Zip(actual, (e, q) => (double)(e - q) * (e - q)).Sum();
    }

    private static float[] Features(byte[] onnx)
    {
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", Images())]);
        return [.. results.Single().AsTensor<float>()];
    }
}
