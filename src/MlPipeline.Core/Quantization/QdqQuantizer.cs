using Google.Protobuf;
using MlPipeline.Core.Onnx;
using static MlPipeline.Core.Onnx.OnnxGraphBuilder;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// Rewrites a float ONNX graph into ONNX Runtime's QDQ form (QuantizeLinear → DequantizeLinear pairs around the
/// integer-capable operators), the form its graph optimizer fuses into QLinearConv, QLinearAdd and uint8/int8
/// MaxPool. The graph's inputs and outputs keep their float types, so it replaces the float graph unchanged.
/// </summary>
/// <remarks>
/// What is quantized, as ONNX Runtime's own quantizer does it:
/// <list type="bullet">
/// <item>Conv: input and output activations; the weight per output channel (int8, symmetric, DequantizeLinear
/// axis 0); the bias as int32 at scale input × weight. ONNX Runtime fuses the group only when the bias is int32.</item>
/// <item>Add: both inputs and the output.</item>
/// <item>A ReLU that is the only reader of a Conv or Add output is dropped: the output is quantized with the ReLU
/// output's range, which starts at 0, so the integer clamp at the zero point is the ReLU.</item>
/// <item>MaxPool and Pad reuse their input's scale and zero point (max and zero padding commute with a monotone
/// affine map), which lets ONNX Runtime run them on the integers with no requantization.</item>
/// </list>
/// Everything else (the caffe preprocessing, the global average pool, the ImageNet classifier) stays float,
/// reading dequantized values.
/// </remarks>
internal sealed class QdqQuantizer
{
    private static readonly HashSet<string> Passthrough = new(StringComparer.Ordinal) { "MaxPool", "Pad" };

    private readonly ModelProto original;
    private readonly ModelProto folded;
    private readonly Dictionary<string, TensorProto> initializers;
    private readonly HashSet<string> quantized = new(StringComparer.Ordinal);

    private QdqQuantizer(ModelProto model)
    {
        original = model;
        folded = model.Clone();
        initializers = folded.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        FoldReluIntoProducers(folded.Graph);
        foreach (var node in folded.Graph.Node.Where(IsQuantizable))
        {
            quantized.UnionWith(ActivationInputs(node));
            if (!Passthrough.Contains(node.OpType))
            {
                quantized.Add(node.Output[0]);
            }
        }

        // A graph output must stay the float value its readers expect.
        quantized.ExceptWith(folded.Graph.Output.Select(o => o.Name));
        var producers = ProducerOf(folded.Graph);
        CalibratedTensors = [.. quantized.Where(t => !(producers.TryGetValue(t, out var p) && Passthrough.Contains(p.OpType))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Activations whose ranges <see cref="Quantize"/> needs: every quantized tensor not produced by MaxPool or Pad.</summary>
    public IReadOnlyList<string> CalibratedTensors { get; }

    /// <summary>Number of Conv nodes whose weights get quantized.</summary>
    public int QuantizedConvolutions => folded.Graph.Node.Count(n => n.OpType == "Conv" && IsQuantizable(n));

    /// <summary>Reads a float model.</summary>
    /// <exception cref="MlPipelineException">The bytes are not an ONNX model.</exception>
    public static QdqQuantizer Load(byte[] onnx)
    {
        try
        {
            return new QdqQuantizer(ModelProto.Parser.ParseFrom(onnx));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"The backbone is not a readable ONNX model: {e.Message}", e);
        }
    }

    /// <summary>The float model with every calibrated tensor added as an output, for the calibration runs.</summary>
    public byte[] CalibrationModel()
    {
        var model = original.Clone();
        var outputs = model.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in CalibratedTensors.Where(outputs.Add))
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        return model.ToByteArray();
    }

    /// <summary>Writes the QDQ model, given each calibrated tensor's range.</summary>
    public byte[] Quantize(IReadOnlyDictionary<string, (float Min, float Max)> ranges, ActivationType type)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var model = folded.Clone();
        var graph = model.Graph;
        var producers = ProducerOf(graph);
        var parameters = new Dictionary<string, QuantizationParameters>(StringComparer.Ordinal);
        QuantizationParameters ParametersOf(string tensor)
        {
            if (!parameters.TryGetValue(tensor, out var p))
            {
                p = producers.TryGetValue(tensor, out var producer) && Passthrough.Contains(producer.OpType)
                    ? ParametersOf(producer.Input[0])
                    : ranges.TryGetValue(tensor, out var range)
                        ? QuantizationMath.Activation(range.Min, range.Max, type)
                        : throw new ArgumentException($"No calibrated range for '{tensor}'.", nameof(ranges));
                parameters[tensor] = p;
            }

            return p;
        }

        var builder = new OnnxGraphBuilder("qdq");
        // By reference: protobuf messages compare by value, and these nodes are rewired below.
        var before = new Dictionary<NodeProto, List<string>>(ReferenceEqualityComparer.Instance);
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node.Where(n => n.OpType == "Conv" && IsQuantizable(n)))
        {
            before[node] = QuantizeConvParameters(builder, node, ParametersOf(node.Input[0]).Scale, replaced);
        }

        foreach (var tensor in quantized.Order(StringComparer.Ordinal))
        {
            var p = ParametersOf(tensor);
            var scale = builder.AddInitializer($"{tensor}/scale", [], [p.Scale]);
            var zeroPoint = type == ActivationType.U8
                ? builder.AddInitializer($"{tensor}/zero_point", [], [(byte)p.ZeroPoint])
                : builder.AddInitializer($"{tensor}/zero_point", [], [(sbyte)p.ZeroPoint]);
            var q = builder.AddNode("QuantizeLinear", [tensor, scale, zeroPoint], $"{tensor}/quantized");
            builder.AddNode("DequantizeLinear", [q, scale, zeroPoint], $"{tensor}/dequantized");
        }

        var added = ModelProto.Parser.ParseFrom(builder.ToModelBytes(string.Empty)).Graph;
        var newNodes = added.Node.ToDictionary(n => n.Output[0], StringComparer.Ordinal);

        // Readers of a quantized tensor read its dequantized twin; the pair itself reads the original.
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (quantized.Contains(node.Input[i]))
                {
                    node.Input[i] = $"{node.Input[i]}/dequantized";
                }
            }
        }

        // Topological order: weight dequantizers before their Conv, each activation's pair right after its producer.
        var ordered = new List<NodeProto>();
        void EmitPair(string tensor)
        {
            if (quantized.Contains(tensor))
            {
                ordered.Add(newNodes[$"{tensor}/quantized"]);
                ordered.Add(newNodes[$"{tensor}/dequantized"]);
            }
        }

        foreach (var input in graph.Input)
        {
            EmitPair(input.Name);
        }

        foreach (var node in graph.Node)
        {
            ordered.AddRange(before.GetValueOrDefault(node, []).Select(output => newNodes[output]));
            ordered.Add(node);
            EmitPair(node.Output[0]);
        }

        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        var kept = graph.Initializer.Where(t => !replaced.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        graph.Initializer.AddRange(added.Initializer);
        graph.ValueInfo.Clear();
        return model.ToByteArray();
    }

    // Swaps a Conv's float weight and bias for int8/int32 initializers read through DequantizeLinear (axis 0, the
    // output channel); returns the dequantizers' outputs, which must precede the Conv.
    private List<string> QuantizeConvParameters(OnnxGraphBuilder builder, NodeProto conv, float inputScale, HashSet<string> replaced)
    {
        var weight = initializers[conv.Input[1]];
        var dims = weight.Dims.Select(d => (int)d).ToArray();
        var (values, scales) = QuantizationMath.WeightsPerChannel(FloatData(weight), dims[0]);
        var name = weight.Name;
        var w = builder.AddNode(
            "DequantizeLinear",
            [
                builder.AddInitializer($"{name}/quantized", dims, values),
                builder.AddInitializer($"{name}/scale", [dims[0]], scales),
                builder.AddInitializer($"{name}/zero_point", [dims[0]], new sbyte[dims[0]]),
            ],
            $"{name}/dequantized",
            Int("axis", 0));
        List<string> outputs = [w];
        conv.Input[1] = w;
        replaced.Add(name);
        if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
        {
            var bias = initializers[conv.Input[2]];
            var (biasValues, biasScales) = QuantizationMath.Bias(FloatData(bias), inputScale, scales);
            var b = builder.AddNode(
                "DequantizeLinear",
                [
                    builder.AddInitializer($"{bias.Name}/quantized", [dims[0]], biasValues),
                    builder.AddInitializer($"{bias.Name}/scale", [dims[0]], biasScales),
                    builder.AddInitializer($"{bias.Name}/zero_point", [dims[0]], new int[dims[0]]),
                ],
                $"{bias.Name}/dequantized",
                Int("axis", 0));
            outputs.Add(b);
            conv.Input[2] = b;
            replaced.Add(bias.Name);
        }

        return outputs;
    }

    private bool IsQuantizable(NodeProto node) => node.OpType switch
    {
        // Only constant weights can be quantized ahead of time; a shared weight would need one scale for all readers.
        "Conv" => IsFloatInitializer(node.Input[1]) && (node.Input.Count < 3 || node.Input[2].Length == 0 || IsFloatInitializer(node.Input[2])),
        "Add" => node.Input.All(i => !initializers.ContainsKey(i)),
        "MaxPool" => node.Output.Count == 1,

        // Only zero padding keeps 0 at the zero point; reflect or edge padding would too, but the converter never writes them.
        "Pad" => node.Attribute.All(a => a.Name != "mode" || a.S.ToStringUtf8() == "constant") && (node.Input.Count < 3 || node.Input[2].Length == 0),
        _ => false,
    };

    private bool IsFloatInitializer(string name) =>
        initializers.TryGetValue(name, out var t) && t.DataType == (int)TensorProto.Types.DataType.Float;

    // Only the first input of MaxPool and Pad is data; Pad's pads are an int64 initializer.
    private IEnumerable<string> ActivationInputs(NodeProto node) =>
        node.OpType == "Add" ? node.Input : node.Input.Take(1).Where(i => !initializers.ContainsKey(i));

    // Only where the producer's output will be quantized (and is not a graph output): the clamp at the zero point
    // is what stands in for the ReLU.
    private void FoldReluIntoProducers(GraphProto graph)
    {
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var producers = ProducerOf(graph);
        var readers = graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var dropped = new List<NodeProto>();
        foreach (var relu in graph.Node.Where(n => n.OpType == "Relu"))
        {
            var input = relu.Input[0];
            if (producers.TryGetValue(input, out var producer) && producer.OpType is "Conv" or "Add" && IsQuantizable(producer)
                && readers[input] == 1 && !graphOutputs.Contains(input) && !graphOutputs.Contains(relu.Output[0]))
            {
                producer.Output[0] = relu.Output[0];
                dropped.Add(relu);
            }
        }

        foreach (var relu in dropped)
        {
            graph.Node.Remove(relu);
        }
    }

    private static Dictionary<string, NodeProto> ProducerOf(GraphProto graph) =>
        graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node, StringComparer.Ordinal);

    private static float[] FloatData(TensorProto tensor) =>
        tensor.RawData.Length > 0 ? OnnxTensors.Floats(tensor.RawData.Span) : [.. tensor.FloatData];
}
