using System.Runtime.InteropServices;
using Google.Protobuf;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// A parsed backbone ONNX graph with the per-image shape of every value the training graphs need, inferred from the
/// node attributes (the converter declares only the interface's shapes).
/// </summary>
internal sealed class ForwardGraph
{
    private readonly Dictionary<string, TensorProto> initializers;
    private readonly Dictionary<string, int[]> shapes = new(StringComparer.Ordinal);

    /// <summary>The training graphs' interface names, which Keras may also give to layers (ResNet-50's first ReLU is "activation").</summary>
    private static readonly HashSet<string> ReservedNames =
        new([TrainingGraphNames.Activation, TrainingGraphNames.Labels, TrainingGraphNames.Loss, TrainingGraphNames.Logits], StringComparer.Ordinal);

    private ForwardGraph(ModelProto model)
    {
        Model = model;
        RenameReservedValues(model.Graph);
        initializers = model.Graph.Initializer.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        foreach (var input in model.Graph.Input.Where(input => !initializers.ContainsKey(input.Name)))
        {
            shapes[input.Name] = [.. input.Type.TensorType.Shape.Dim.Skip(1).Select(dim => checked((int)dim.DimValue))];
        }

        foreach (var node in model.Graph.Node)
        {
            if (InferShape(node) is { } shape)
            {
                shapes[node.Output[0]] = shape;
            }
        }
    }

    public ModelProto Model { get; }

    public IReadOnlyList<NodeProto> Nodes => Model.Graph.Node;

    public static ForwardGraph Parse(byte[] onnx)
    {
        try
        {
            return new ForwardGraph(ModelProto.Parser.ParseFrom(onnx));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone is not a readable ONNX model: {e.Message}", e);
        }
    }

    /// <summary>The name a backbone value has in the training graphs: its own, unless it is one of their interface names.</summary>
    public static string ValueName(string backboneValue) =>
        ReservedNames.Contains(backboneValue) ? $"{backboneValue}/backbone" : backboneValue;

    public bool IsInitializer(string name) => initializers.ContainsKey(name);

    public TensorProto Initializer(string name) => initializers[name];

    /// <summary>The per-image dims of a batched value (the batch dimension left out).</summary>
    public int[] ShapeOf(string value) =>
        shapes.TryGetValue(value, out var shape)
            ? shape
            : throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's value '{value}' has a shape the training graph builder cannot infer.");

    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's parameter '{tensor.Name}' is not float32.");
        }

        return tensor.RawData.IsEmpty ? [.. tensor.FloatData] : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    public long[] ReadInt64s(string name)
    {
        var tensor = initializers[name];
        return tensor.RawData.IsEmpty ? [.. tensor.Int64Data] : MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray();
    }

    public static long[] Ints(NodeProto node, string name, long[] fallback) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name) is { } found ? [.. found.Ints] : fallback;

    public static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name) is { } found ? found.I : fallback;

    public static string String(NodeProto node, string name, string fallback) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name) is { } found ? found.S.ToStringUtf8() : fallback;

    private static void RenameReservedValues(GraphProto graph)
    {
        foreach (var node in graph.Node)
        {
            node.Name = ValueName(node.Name);
            for (var i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = ValueName(node.Input[i]);
            }

            for (var i = 0; i < node.Output.Count; i++)
            {
                node.Output[i] = ValueName(node.Output[i]);
            }
        }
    }

    private int[]? InferShape(NodeProto node)
    {
        if (node.Input.Count == 0 || !shapes.TryGetValue(node.Input[0], out var input))
        {
            return null;
        }

        return node.OpType switch
        {
            "Identity" or "Relu" or "Add" or "Sub" or "Softmax" or "Gather" => input,
            "Conv" => WindowOutput(node, input, checked((int)initializers[node.Input[1]].Dims[0])),
            "MaxPool" => WindowOutput(node, input, input[0]),
            "Pad" => PadOutput(node, input),
            "GlobalAveragePool" => [input[0], 1, 1],
            "Flatten" when Int(node, "axis", 1) == 1 => [input.Aggregate(1, (product, dim) => product * dim)],
            "Gemm" when initializers.TryGetValue(node.Input[1], out var weight) => [checked((int)weight.Dims[Int(node, "transB", 0) == 1 ? 0 : 1])],
            _ => null,
        };
    }

    /// <summary>
    /// Output dims of a Conv or MaxPool over [C, H, W]; <see cref="WindowGeometry"/> holds the arithmetic. Null for a
    /// window the builder cannot differentiate, which is an error only if it lies in the trained part.
    /// </summary>
    private static int[]? WindowOutput(NodeProto node, int[] input, int channels) =>
        WindowGeometry.TryOf(node, input) is { } window ? [channels, window.OutputHeight, window.OutputWidth] : null;

    private int[]? PadOutput(NodeProto node, int[] input)
    {
        if (node.Input.Count < 2 || !initializers.ContainsKey(node.Input[1]))
        {
            return null;
        }

        var pads = ReadInt64s(node.Input[1]);
        var rank = pads.Length / 2;
        return rank != input.Length + 1 ? null : [.. input.Select((dim, axis) => checked(dim + (int)pads[axis + 1] + (int)pads[axis + 1 + rank]))];
    }
}

/// <summary>The spatial arithmetic of a 2-D Conv or MaxPool node on a [C, H, W] input: explicit pads, no dilation.</summary>
internal sealed record WindowGeometry(
    int InputHeight, int InputWidth, int KernelHeight, int KernelWidth, int StrideY, int StrideX,
    int Top, int Left, int Bottom, int Right)
{
    public int OutputHeight => ((InputHeight + Top + Bottom - KernelHeight) / StrideY) + 1;

    public int OutputWidth => ((InputWidth + Left + Right - KernelWidth) / StrideX) + 1;

    public bool HasPadding => Top != 0 || Left != 0 || Bottom != 0 || Right != 0;

    public static WindowGeometry Of(NodeProto node, int[] input) =>
        TryOf(node, input) ?? throw new MlPipelineException(
            ExitCode.BackboneError,
            $"The backbone's {node.OpType} '{node.Name}' is not a 2-D, undilated, ungrouped window with explicit pads; the training graph builder supports only those.");

    public static WindowGeometry? TryOf(NodeProto node, int[] input)
    {
        var kernel = ForwardGraph.Ints(node, "kernel_shape", []);
        var strides = ForwardGraph.Ints(node, "strides", [1, 1]);
        var pads = ForwardGraph.Ints(node, "pads", [0, 0, 0, 0]);
        var dilations = ForwardGraph.Ints(node, "dilations", [1, 1]);
        if (kernel.Length != 2 || input.Length != 3 || dilations.Any(dilation => dilation != 1)
            || ForwardGraph.String(node, "auto_pad", "NOTSET") != "NOTSET" || ForwardGraph.Int(node, "group", 1) != 1
            || ForwardGraph.Int(node, "ceil_mode", 0) != 0)
        {
            return null;
        }

        return new WindowGeometry(
            input[1], input[2], (int)kernel[0], (int)kernel[1], (int)strides[0], (int)strides[1],
            (int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]);
    }
}
