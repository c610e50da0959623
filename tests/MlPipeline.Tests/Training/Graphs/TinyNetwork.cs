using MlPipeline.Core.Backbones;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>
/// One layer of a tiny test network, as the gradient fixture script describes it. Conv weights are OIHW; pads are
/// explicit (top, left, bottom, right), as the converter writes TensorFlow's 'same'.
/// </summary>
public sealed record TinyLayer(string Op, string Name, string[] Inputs, int Kernel = 0, int Stride = 1, int[]? Pads = null, double[]? Weight = null, double[]? Bias = null);

/// <summary>Writes a tiny layer list as a backbone ONNX graph in the converter's forms (input <c>image</c>, output <c>features</c>).</summary>
internal static class TinyNetwork
{
    public static byte[] ToOnnx(int[] inputShape, IReadOnlyList<TinyLayer> layers)
    {
        var graph = new OnnxGraphBuilder("tiny");
        graph.AddInput(BackboneArchitecture.OnnxInput, inputShape);
        var shapes = new Dictionary<string, int[]> { [BackboneArchitecture.OnnxInput] = inputShape };
        foreach (var layer in layers)
        {
            var input = shapes[layer.Inputs[0]];
            shapes[layer.Name] = layer.Op switch
            {
                "conv" => Conv(graph, layer, input),
                "relu" => Node(graph, "Relu", layer, input),
                "add" => Node(graph, "Add", layer, input),
                "pad" => Pad(graph, layer, input),
                "maxpool" => MaxPool(graph, layer, input),
                "gap" => GlobalAveragePool(graph, layer, input),
                _ => throw new ArgumentException($"Unknown tiny layer op '{layer.Op}'.", nameof(layers)),
            };
        }

        var last = layers[^1].Name;
        graph.AddNode("Identity", [last], BackboneArchitecture.OnnxFeatures);
        graph.AddOutput(BackboneArchitecture.OnnxFeatures, shapes[last]);
        return graph.ToModelBytes("tiny test network");
    }

    private static int[] Node(OnnxGraphBuilder graph, string opType, TinyLayer layer, int[] input)
    {
        graph.AddNode(opType, layer.Inputs, layer.Name);
        return input;
    }

    private static int[] Conv(OnnxGraphBuilder graph, TinyLayer layer, int[] input)
    {
        var (filters, k, s, pads) = (layer.Bias!.Length, layer.Kernel, layer.Stride, layer.Pads!);
        graph.AddNode(
            "Conv",
            [
                layer.Inputs[0],
                graph.AddInitializer($"{layer.Name}/kernel", [filters, input[0], k, k], [.. layer.Weight!.Select(value => (float)value)]),
                graph.AddInitializer($"{layer.Name}/bias", [filters], [.. layer.Bias.Select(value => (float)value)]),
            ],
            layer.Name,
            OnnxGraphBuilder.Ints("kernel_shape", k, k),
            OnnxGraphBuilder.Ints("strides", s, s),
            OnnxGraphBuilder.Ints("dilations", 1, 1),
            OnnxGraphBuilder.Ints("pads", pads[0], pads[1], pads[2], pads[3]));
        return [filters, ((input[1] + pads[0] + pads[2] - k) / s) + 1, ((input[2] + pads[1] + pads[3] - k) / s) + 1];
    }

    private static int[] Pad(OnnxGraphBuilder graph, TinyLayer layer, int[] input)
    {
        var pads = layer.Pads!;
        graph.AddNode("Pad", [layer.Inputs[0], graph.AddInitializer($"{layer.Name}/pads", [0L, 0L, pads[0], pads[1], 0L, 0L, pads[2], pads[3]])], layer.Name);
        return [input[0], input[1] + pads[0] + pads[2], input[2] + pads[1] + pads[3]];
    }

    private static int[] MaxPool(OnnxGraphBuilder graph, TinyLayer layer, int[] input)
    {
        var (k, s) = (layer.Kernel, layer.Stride);
        graph.AddNode(
            "MaxPool", layer.Inputs, layer.Name,
            OnnxGraphBuilder.Ints("kernel_shape", k, k), OnnxGraphBuilder.Ints("strides", s, s), OnnxGraphBuilder.Ints("pads", 0, 0, 0, 0));
        return [input[0], ((input[1] - k) / s) + 1, ((input[2] - k) / s) + 1];
    }

    private static int[] GlobalAveragePool(OnnxGraphBuilder graph, TinyLayer layer, int[] input)
    {
        var pooled = graph.AddNode("GlobalAveragePool", layer.Inputs, $"{layer.Name}/pooled");
        graph.AddNode("Flatten", [pooled], layer.Name, OnnxGraphBuilder.Int("axis", 1));
        return [input[0]];
    }
}
