using System.Globalization;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// The graph builder of one training or evaluation graph, plus the small constants its rules share (axes, shapes),
/// each written once.
/// </summary>
internal sealed class TrainingGraphWriter(string graphName)
{
    /// <summary>
    /// Opset 16 rather than the backbone's 13: ScatterElements gained reduction="add" there, which MaxPool's backward
    /// needs because overlapping 3x3/2 windows can pick the same input twice. The forward ops copied from the
    /// backbone (Conv, Relu, Add, Pad, MaxPool, GlobalAveragePool, Flatten, Gather, Sub) mean the same in 13 and 16.
    /// </summary>
    private const long TrainingOpset = 16;

    private readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);

    public OnnxGraphBuilder Graph { get; } = new(graphName, TrainingOpset);

    public string AddNode(string opType, IReadOnlyList<string> inputs, string output, params AttributeProto[] attributes) =>
        Graph.AddNode(opType, inputs, output, attributes);

    /// <summary>A 1-D int64 constant (axes, starts, shapes), shared by every rule that needs the same values.</summary>
    public string Int64s(params long[] values)
    {
        var key = "const/i64/" + string.Join('_', values.Select(value => value.ToString(CultureInfo.InvariantCulture)));
        if (!constants.ContainsKey(key))
        {
            constants[key] = Graph.AddInitializer(key, values);
        }

        return key;
    }

    /// <summary>A float32 scalar constant.</summary>
    public string Scalar(float value) => Floats("const/f32/" + value.ToString("R", CultureInfo.InvariantCulture), [], [value]);

    /// <summary>A float32 constant named <paramref name="name"/>, written the first time it is asked for.</summary>
    public string Floats(string name, int[] dims, float[] values)
    {
        if (!constants.ContainsKey(name))
        {
            constants[name] = Graph.AddInitializer(name, dims, values);
        }

        return name;
    }
}
