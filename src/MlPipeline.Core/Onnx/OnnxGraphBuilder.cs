using Google.Protobuf;

namespace MlPipeline.Core.Onnx;

/// <summary>
/// Accumulates the nodes, initializers and interface of an ONNX graph and serializes it as a model.
/// Knows nothing about Keras; every value it declares has a symbolic batch dimension first, except the fixed-shape
/// inputs and scalar outputs that training graphs need.
/// </summary>
internal sealed class OnnxGraphBuilder(string graphName, long opsetVersion = OnnxGraphBuilder.DefaultOpsetVersion)
{
    /// <summary>The opset of converted backbones.</summary>
    public const long DefaultOpsetVersion = 13;

    private const string BatchDimension = "N";
    private const long IrVersion = 8;

    private readonly GraphProto graph = new() { Name = graphName };

    /// <summary>Declares a float32 graph input of shape [N, ..<paramref name="dims"/>].</summary>
    public void AddInput(string name, IReadOnlyList<int> dims) => graph.Input.Add(FloatValue(name, dims));

    /// <summary>Declares a graph input of shape [N] and the given element type (int64 labels).</summary>
    public void AddBatchInput(string name, TensorProto.Types.DataType elementType) =>
        graph.Input.Add(Value(name, elementType, batched: true, []));

    /// <summary>Declares a float32 graph input of exactly <paramref name="dims"/>, no batch dimension (a parameter).</summary>
    public void AddFixedInput(string name, IReadOnlyList<int> dims) =>
        graph.Input.Add(Value(name, TensorProto.Types.DataType.Float, batched: false, dims));

    /// <summary>Declares a float32 graph output of exactly <paramref name="dims"/> ([] for a scalar).</summary>
    public void AddFixedOutput(string name, IReadOnlyList<int> dims) =>
        graph.Output.Add(Value(name, TensorProto.Types.DataType.Float, batched: false, dims));

    /// <summary>Declares a float32 graph output of shape [N, ..<paramref name="dims"/>].</summary>
    public void AddOutput(string name, IReadOnlyList<int> dims) => graph.Output.Add(FloatValue(name, dims));

    public string AddInitializer(string name, IReadOnlyList<int> dims, float[] data) => AddRaw<float>(name, dims, data);

    /// <summary>Adds an int8 tensor (dims may be empty for a scalar), as quantized weights and zero points are stored.</summary>
    public string AddInitializer(string name, IReadOnlyList<int> dims, sbyte[] data) => AddRaw<sbyte>(name, dims, data);

    /// <summary>Adds a uint8 tensor (dims may be empty for a scalar), the zero-point type of uint8 activations.</summary>
    public string AddInitializer(string name, IReadOnlyList<int> dims, byte[] data) => AddRaw<byte>(name, dims, data);

    /// <summary>Adds an int32 tensor, the type of quantized biases.</summary>
    public string AddInitializer(string name, IReadOnlyList<int> dims, int[] data) => AddRaw<int>(name, dims, data);

    /// <summary>Adds a 1-D int64 constant, the type ONNX wants for shape-like operands such as Pad's pads.</summary>
    public string AddInitializer(string name, long[] data)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(data.Length);
        tensor.Int64Data.AddRange(data);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds an initializer taken from another model as it is.</summary>
    public void AddInitializer(TensorProto tensor) => graph.Initializer.Add(tensor);

    /// <summary>Adds a node taken from another model as it is.</summary>
    public void AddNode(NodeProto node) => graph.Node.Add(node);

    /// <summary>Adds a node named after its single output, which is unique because every value is written once.</summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>The nodes added so far, in order, as the messages the graph holds (a rewrite may splice them into another graph).</summary>
    public IReadOnlyList<NodeProto> Nodes => graph.Node;

    /// <summary>The initializers added so far, in order.</summary>
    public IReadOnlyList<TensorProto> Initializers => graph.Initializer;

    public byte[] ToModelBytes(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "MlPipeline",
            ProducerVersion = ToolInfo.Version,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opsetVersion });
        return model.ToByteArray();
    }

    private string AddRaw<T>(string name, IReadOnlyList<int> dims, ReadOnlySpan<T> data)
        where T : unmanaged
    {
        graph.Initializer.Add(TensorData.Tensor(name, dims, data));
        return name;
    }

    private static ValueInfoProto FloatValue(string name, IReadOnlyList<int> dims) =>
        Value(name, TensorProto.Types.DataType.Float, batched: true, dims);

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType elementType, bool batched, IReadOnlyList<int> dims)
    {
        var shape = new TensorShapeProto();
        if (batched)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        }

        shape.Dim.AddRange(dims.Select(dim => new TensorShapeProto.Types.Dimension { DimValue = dim }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape },
            },
        };
    }
}
