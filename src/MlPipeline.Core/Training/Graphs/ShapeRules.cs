using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>The shape rules the entries of <see cref="TrainingOpRules"/> share, over per-image dims (batch left out).</summary>
internal static class ShapeRules
{
    public static int[]? SameAsInput(ForwardGraph graph, NodeProto node, int[] input) => input;

    public static int[]? Conv(ForwardGraph graph, NodeProto node, int[] input) =>
        WindowOutput(node, input, checked((int)graph.Initializer(node.Input[1]).Dims[0]));

    public static int[]? MaxPool(ForwardGraph graph, NodeProto node, int[] input) => WindowOutput(node, input, input[0]);

    public static int[]? GlobalAveragePool(ForwardGraph graph, NodeProto node, int[] input) => [input[0], 1, 1];

    public static int[]? Flatten(ForwardGraph graph, NodeProto node, int[] input) =>
        node.Int("axis", 1) == 1 ? [input.Aggregate(1, (product, dim) => product * dim)] : null;

    public static int[]? Gemm(ForwardGraph graph, NodeProto node, int[] input) =>
        graph.IsInitializer(node.Input[1]) ? [checked((int)graph.Initializer(node.Input[1]).Dims[node.Int("transB", 0) == 1 ? 0 : 1])] : null;

    public static int[]? Pad(ForwardGraph graph, NodeProto node, int[] input)
    {
        if (node.Input.Count < 2 || !graph.IsInitializer(node.Input[1]))
        {
            return null;
        }

        var pads = graph.ReadInt64s(node.Input[1]);
        var rank = pads.Length / 2;
        return rank != input.Length + 1 ? null : [.. input.Select((dim, axis) => checked(dim + (int)pads[axis + 1] + (int)pads[axis + 1 + rank]))];
    }

    /// <summary>
    /// Output dims of a Conv or MaxPool over [C, H, W]; <see cref="WindowGeometry"/> holds the arithmetic. Null for a
    /// window the builder cannot differentiate, which is an error only if it lies in the trained part.
    /// </summary>
    private static int[]? WindowOutput(NodeProto node, int[] input, int channels) =>
        WindowGeometry.TryOf(node, input) is { } window ? [channels, window.OutputHeight, window.OutputWidth] : null;
}
