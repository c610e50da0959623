using Google.Protobuf;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Pipeline;
using static MlPipeline.Core.Onnx.OnnxGraphBuilder;

namespace MlPipeline.Core.Export;

/// <summary>
/// Turns the backbone ONNX model and the fitted head into one ONNX model that maps decoded pixels straight to
/// class probabilities: uint8 NHWC RGB in (the layout images decode to in Python and JavaScript), Cast and
/// Transpose to the backbone's float NCHW, the backbone unchanged (its caffe preprocessing included), then the head
/// as plain ONNX operators. The backbone's ImageNet classifier branch is pruned.
/// </summary>
internal static class StandaloneOnnxBuilder
{
    /// <summary>Input: uint8 [N, H, W, 3], RGB 0-255, already resized to the backbone's input size.</summary>
    public const string Input = "image";

    /// <summary>Output: float [N, classes], class probabilities in class order.</summary>
    public const string Probabilities = "probabilities";

    /// <summary>Output: int64 [N], index of the most probable class.</summary>
    public const string Label = "label";

    private const string BatchDimension = "N";
    private const string BackboneInput = "image_nchw";

    public static byte[] Build(byte[] backboneOnnx, HeadParameters head, int width, int height, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(head);
        var model = ModelProto.Parser.ParseFrom(backboneOnnx);
        var graph = model.Graph;
        if (graph.Input.All(i => i.Name != BackboneGraph.Input) || graph.Output.All(o => o.Name != BackboneGraph.Features))
        {
            throw new MlPipelineException(
                ExitCode.ModelError,
                $"The stored backbone lacks input '{BackboneGraph.Input}' or output '{BackboneGraph.Features}'.");
        }

        // The backbone's input becomes an inner value fed by the adapter, so its consumers are rewired to it.
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == BackboneGraph.Input)
                {
                    node.Input[i] = BackboneInput;
                }
            }
        }

        var adapter = InputAdapter();
        var headGraph = HeadGraph(head);
        var nodes = adapter.Nodes.Concat(graph.Node).Concat(headGraph.Nodes).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(headGraph.Initializers);

        graph.Input.Clear();
        graph.Input.Add(Tensor(Input, TensorProto.Types.DataType.Uint8, height, width, 3));
        graph.Output.Clear();
        graph.Output.Add(Tensor(Probabilities, TensorProto.Types.DataType.Float, head.ClassCount));
        graph.Output.Add(Tensor(Label, TensorProto.Types.DataType.Int64));
        PruneUnused(graph);

        model.ProducerName = "MlPipeline";
        model.ProducerVersion = ToolInfo.Version;
        model.DocString = $"Image classifier exported by mlpipeline. Input '{Input}': uint8 [N, {height}, {width}, 3], RGB 0-255 "
            + $"(NHWC), resized to {width}x{height} by the caller. Outputs '{Probabilities}': float [N, classes]; '{Label}': int64 [N] class index.";
        model.MetadataProps.Clear();
        model.MetadataProps.AddRange(metadata.Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        return model.ToByteArray();
    }

    // Built with the graph builder, whose nodes and initializers are spliced into the backbone's graph as they are.
    private static OnnxGraphBuilder InputAdapter()
    {
        var builder = new OnnxGraphBuilder("input");
        var pixels = builder.AddNode("Cast", [Input], "image_float", Int("to", (long)TensorProto.Types.DataType.Float));
        builder.AddNode("Transpose", [pixels], BackboneInput, Ints("perm", 0, 3, 1, 2));
        return builder;
    }

    private static OnnxGraphBuilder HeadGraph(HeadParameters head)
    {
        var builder = new OnnxGraphBuilder("head");
        int[] features = [head.FeatureSize];
        // Sub then Mul is exactly ML.NET's (x - offset) * scale, so not even rounding differs.
        var centered = builder.AddNode("Sub", [BackboneGraph.Features, builder.AddInitializer("head_offset", features, head.Offset)], "features_centered");
        var normalized = builder.AddNode("Mul", [centered, builder.AddInitializer("head_scale", features, head.Scale)], "features_normalized");
        var logits = builder.AddNode(
            "Gemm",
            [normalized, builder.AddInitializer("head_weights", [head.ClassCount, head.FeatureSize], head.Weights), builder.AddInitializer("head_biases", [head.ClassCount], head.Biases)],
            "logits",
            Int("transB", 1));
        var probabilities = builder.AddNode("Softmax", [logits], Probabilities, Int("axis", 1));
        builder.AddNode("ArgMax", [probabilities], Label, Int("axis", 1), Int("keepdims", 0));
        return builder;
    }

    /// <summary>Drops nodes, initializers and value infos that no graph output depends on (the ImageNet branch).</summary>
    private static void PruneUnused(GraphProto graph)
    {
        var needed = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input);
            }
        }

        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var initializers = graph.Initializer.Where(t => needed.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var valueInfo = graph.ValueInfo.Where(v => needed.Contains(v.Name)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(valueInfo);
    }

    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.AddRange(dims.Select(dim => new TensorShapeProto.Types.Dimension { DimValue = dim }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
