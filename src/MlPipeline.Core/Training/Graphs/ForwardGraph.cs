using Google.Protobuf;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// A parsed backbone ONNX graph with the per-image shape of every value the training graphs need, inferred by the
/// ops' shape rules (<see cref="TrainingOpRules"/>; the converter declares only the interface's shapes).
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
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone is not a readable ONNX model: {e.Message}", e);
        }

        // Said before shape inference, which would otherwise fail on the first quantized value's name.
        if (model.Graph.Node.Any(n => n.OpType is "QuantizeLinear" or "DequantizeLinear"))
        {
            throw new MlPipelineException(ExitCode.BackboneError, "The backbone is quantized (int8); quantized models cannot be fine-tuned: fine-tune the float model, then quantize the result.");
        }

        return new ForwardGraph(model);
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

        return TensorData.Floats(tensor);
    }

    public long[] ReadInt64s(string name) => TensorData.Int64s(initializers[name]);

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

    private int[]? InferShape(NodeProto node) =>
        node.Input.Count > 0 && shapes.TryGetValue(node.Input[0], out var input) ? TrainingOpRules.Find(node.OpType)?.Shape(this, node, input) : null;
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
        var kernel = node.Ints("kernel_shape", []);
        var strides = node.Ints("strides", [1, 1]);
        var pads = node.Ints("pads", [0, 0, 0, 0]);
        var dilations = node.Ints("dilations", [1, 1]);
        if (kernel.Length != 2 || input.Length != 3 || dilations.Any(dilation => dilation != 1)
            || node.String("auto_pad", "NOTSET") != "NOTSET" || node.Int("group", 1) != 1
            || node.Int("ceil_mode", 0) != 0)
        {
            return null;
        }

        return new WindowGeometry(
            input[1], input[2], (int)kernel[0], (int)kernel[1], (int)strides[0], (int)strides[1],
            (int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]);
    }
}
