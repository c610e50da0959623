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
/// Which ops are quantized, and how, is <see cref="QdqRules"/>: one rule per op, as ONNX Runtime's own quantizer
/// decides them. A quantized tensor gets one QuantizeLinear → DequantizeLinear pair right after its producer, and
/// its readers read the dequantized value.
/// </remarks>
internal sealed class QdqQuantizer
{
    private readonly ModelProto original;
    private readonly ModelProto folded;
    private readonly Dictionary<string, TensorProto> initializers;
    private readonly HashSet<string> quantized = new(StringComparer.Ordinal);
    private readonly HashSet<string> absorbedRelu = new(StringComparer.Ordinal);

    private QdqQuantizer(ModelProto model)
    {
        original = model;
        folded = model.Clone();
        initializers = folded.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        FoldReluIntoProducers(folded.Graph);
        foreach (var node in folded.Graph.Node.Where(IsQuantizable))
        {
            quantized.UnionWith(ActivationInputs(node));
            if (QdqRules.Find(node.OpType)!.OwnOutputRange)
            {
                quantized.Add(node.Output[0]);
            }
        }

        // A graph output must stay the float value its readers expect.
        quantized.ExceptWith(folded.Graph.Output.Select(o => o.Name));
        var index = new GraphIndex(folded.Graph.Node);
        QuantizedTensors = [.. quantized.Order(StringComparer.Ordinal)];
        CalibratedTensors = [.. quantized.Where(t => !(index.TryGetProducer(t, out var p) && ReusesInputRange(p))).Order(StringComparer.Ordinal)];
    }

    /// <summary>Activations whose ranges <see cref="Quantize"/> needs: every quantized tensor not produced by an op that reuses its input's range.</summary>
    public IReadOnlyList<string> CalibratedTensors { get; }

    /// <summary>Every activation that gets a QuantizeLinear → DequantizeLinear pair unless it is kept float.</summary>
    public IReadOnlyList<string> QuantizedTensors { get; }

    /// <summary>
    /// Number of Conv nodes that run on integers when <paramref name="keepFloat"/> stay float: weights, input and
    /// output quantized, the group ONNX Runtime fuses into QLinearConv.
    /// </summary>
    public int QuantizedConvolutions(IReadOnlySet<string> keepFloat) =>
        folded.Graph.Node.Count(n => QuantizesWeights(n) && new[] { n.Input[0], n.Output[0] }.All(t => quantized.Contains(t) && !keepFloat.Contains(t)));

    /// <summary>The op, and name where the graph has one, of the node that writes <paramref name="tensor"/>.</summary>
    public string ProducerOf(string tensor) =>
        new GraphIndex(folded.Graph.Node).TryGetProducer(tensor, out var node) ? $"{node.OpType} {node.Name}".Trim() : "graph input";

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

    /// <summary>
    /// Writes the QDQ model, given each calibrated tensor's range. Tensors in <paramref name="keepFloat"/> get no
    /// pair: their producer and readers then run in float (a Conv reading one keeps its float weights, since its
    /// bias scale needs an input scale), and a ReLU their producer absorbed is put back.
    /// </summary>
    public byte[] Quantize(IReadOnlyDictionary<string, (float Min, float Max)> ranges, ActivationType type, IReadOnlySet<string>? keepFloat = null)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var paired = quantized.Where(t => keepFloat?.Contains(t) != true).ToHashSet(StringComparer.Ordinal);
        var model = folded.Clone();
        var graph = model.Graph;
        var index = new GraphIndex(graph.Node);
        var parameters = new Dictionary<string, QuantizationParameters>(StringComparer.Ordinal);
        QuantizationParameters ParametersOf(string tensor)
        {
            if (!parameters.TryGetValue(tensor, out var p))
            {
                p = index.TryGetProducer(tensor, out var producer) && ReusesInputRange(producer)
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
        foreach (var node in graph.Node.Where(n => QuantizesWeights(n) && paired.Contains(n.Input[0])))
        {
            before[node] = QuantizeConvParameters(builder, node, ParametersOf(node.Input[0]).Scale, replaced);
        }

        foreach (var tensor in paired.Order(StringComparer.Ordinal))
        {
            var p = ParametersOf(tensor);
            var scale = builder.AddInitializer($"{tensor}/scale", [], [p.Scale]);
            var zeroPoint = type == ActivationType.U8
                ? builder.AddInitializer($"{tensor}/zero_point", [], [(byte)p.ZeroPoint])
                : builder.AddInitializer($"{tensor}/zero_point", [], [(sbyte)p.ZeroPoint]);
            var q = builder.AddNode("QuantizeLinear", [tensor, scale, zeroPoint], $"{tensor}/quantized");
            builder.AddNode("DequantizeLinear", [q, scale, zeroPoint], $"{tensor}/dequantized");
        }

        // Only a quantized output's integer clamp stands in for an absorbed ReLU; a float one needs the ReLU back.
        var after = new Dictionary<NodeProto, string>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Node.Where(n => absorbedRelu.Contains(n.Output[0]) && !paired.Contains(n.Output[0])))
        {
            var output = node.Output[0];
            node.Output[0] = $"{output}/before_relu";
            after[node] = builder.AddNode("Relu", [node.Output[0]], output);
        }

        var newNodes = builder.Nodes.ToDictionary(n => n.Output[0], StringComparer.Ordinal);

        // Readers of a quantized tensor read its dequantized twin; the pair itself reads the original.
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (paired.Contains(node.Input[i]))
                {
                    node.Input[i] = $"{node.Input[i]}/dequantized";
                }
            }
        }

        // Topological order: weight dequantizers before their Conv, each activation's pair right after its producer.
        var ordered = new List<NodeProto>();
        void EmitPair(string tensor)
        {
            if (paired.Contains(tensor))
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
            if (after.TryGetValue(node, out var relu))
            {
                ordered.Add(newNodes[relu]);
            }

            EmitPair(node.Output[0]);
        }

        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        var kept = graph.Initializer.Where(t => !replaced.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        graph.Initializer.AddRange(builder.Initializers);
        graph.ValueInfo.Clear();
        return model.ToByteArray();
    }

    // Swaps a Conv's float weight and bias for int8/int32 initializers read through DequantizeLinear (axis 0, the
    // output channel); returns the dequantizers' outputs, which must precede the Conv.
    private List<string> QuantizeConvParameters(OnnxGraphBuilder builder, NodeProto conv, float inputScale, HashSet<string> replaced)
    {
        var weight = initializers[conv.Input[1]];
        var dims = weight.Dims.Select(d => (int)d).ToArray();
        var (values, scales) = QuantizationMath.WeightsPerChannel(TensorData.Floats(weight), dims[0]);
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
            var (biasValues, biasScales) = QuantizationMath.Bias(TensorData.Floats(bias), inputScale, scales);
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

    private bool IsQuantizable(NodeProto node) => QdqRules.Find(node.OpType) is { } rule && rule.Applies(node, initializers);

    private bool QuantizesWeights(NodeProto node) => IsQuantizable(node) && QdqRules.Find(node.OpType)!.QuantizesWeights;

    // Whether or not the node itself is quantized: a MaxPool that is not still passes its input's range through.
    private static bool ReusesInputRange(NodeProto node) => QdqRules.Find(node.OpType) is { OwnOutputRange: false };

    private IEnumerable<string> ActivationInputs(NodeProto node) =>
        QdqRules.Find(node.OpType)!.ActivationInputs
            .Where(position => position < node.Input.Count)
            .Select(position => node.Input[position])
            .Where(input => !initializers.ContainsKey(input));

    // Only where the producer's output will be quantized (and is not a graph output): the clamp at the zero point
    // is what stands in for the ReLU.
    private void FoldReluIntoProducers(GraphProto graph)
    {
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var index = new GraphIndex(graph.Node);
        var dropped = new List<NodeProto>();
        foreach (var relu in graph.Node.Where(n => n.OpType == "Relu"))
        {
            var input = relu.Input[0];
            if (index.TryGetProducer(input, out var producer) && IsQuantizable(producer) && QdqRules.Find(producer.OpType)!.AbsorbsRelu
                && index.ReadCount(input) == 1 && !graphOutputs.Contains(input) && !graphOutputs.Contains(relu.Output[0]))
            {
                producer.Output[0] = relu.Output[0];
                absorbedRelu.Add(relu.Output[0]);
                dropped.Add(relu);
            }
        }

        foreach (var relu in dropped)
        {
            graph.Node.Remove(relu);
        }
    }
}
