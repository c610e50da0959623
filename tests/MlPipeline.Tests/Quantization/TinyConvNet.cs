using MlPipeline.Core.Onnx;
using static MlPipeline.Core.Onnx.OnnxGraphBuilder;

namespace MlPipeline.Tests.Quantization;

/// <summary>
/// A float graph with every pattern of the ResNet-50 backbone the quantizer handles, small enough for the fast
/// tier: input preprocessing (Sub), Conv+ReLU, a linear Conv, a residual Add+ReLU, zero Pad, MaxPool, and a float
/// global average pool to the <c>features</c> output.
/// </summary>
internal static class TinyConvNet
{
    public const int Channels = 2;
    public const int Side = 8;
    public const int Features = 3;

    public static byte[] Build()
    {
        var random = new Random(11);
        float[] Weights(int count, float spread) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * spread)];
        var graph = new OnnxGraphBuilder("tiny");
        graph.AddInput("image", [Channels, Side, Side]);
        var centered = graph.AddNode("Sub", ["image", graph.AddInitializer("mean", [1, Channels, 1, 1], [100f, 120f])], "centered");
        var a = graph.AddNode("Conv", [centered, graph.AddInitializer("a/kernel", [4, Channels, 3, 3], Weights(72, 0.05f)), graph.AddInitializer("a/bias", [4], Weights(4, 0.5f))], "a/pre", Ints("pads", 1, 1, 1, 1));
        a = graph.AddNode("Relu", [a], "a");
        var b = graph.AddNode("Conv", [a, graph.AddInitializer("b/kernel", [4, 4, 1, 1], Weights(16, 0.8f)), graph.AddInitializer("b/bias", [4], Weights(4, 0.2f))], "b");
        var sum = graph.AddNode("Relu", [graph.AddNode("Add", [a, b], "sum/pre")], "sum");
        var padded = graph.AddNode("Pad", [sum, graph.AddInitializer("pads", [0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L])], "padded");
        var pooled = graph.AddNode("MaxPool", [padded], "pooled", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        var c = graph.AddNode("Conv", [pooled, graph.AddInitializer("c/kernel", [Features, 4, 1, 1], Weights(12, 0.6f)), graph.AddInitializer("c/bias", [Features], Weights(Features, 0.1f))], "c/pre");
        c = graph.AddNode("Relu", [c], "c");
        graph.AddNode("Flatten", [graph.AddNode("GlobalAveragePool", [c], "gap")], "features", Int("axis", 1));
        graph.AddOutput("features", [Features]);
        return graph.ToModelBytes("tiny conv net");
    }

    /// <summary>Random 0-255 pixels, [count, channels, side, side].</summary>
    public static float[] Images(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * Channels * Side * Side).Select(_ => (float)random.Next(256))];
    }
}
