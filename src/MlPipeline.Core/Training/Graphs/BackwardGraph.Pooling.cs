using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>The backward rules of the pooling ops.</summary>
internal sealed partial class BackwardGraph
{
    /// <summary>
    /// Each output's gradient goes to the input position its maximum came from. The forward MaxPool is written with
    /// its Indices output (flat positions in the whole NCHW tensor), so one ScatterElements with reduction="add" on
    /// the flattened input routes them, adding where overlapping windows share a maximum.
    /// </summary>
    private void MaxPool(NodeProto node, string gradient)
    {
        var input = node.Input[0];
        if (node.Output.Count < 2)
        {
            throw new InvalidOperationException($"MaxPool '{node.Name}' was written without its indices output.");
        }

        var flat = writer.Int64s(-1);
        var shape = writer.AddNode("Shape", [input], Derived(node, input, "shape"));
        var zeros = writer.AddNode("ConstantOfShape", [shape], Derived(node, input, "zeros"));
        var scattered = writer.AddNode(
            "ScatterElements",
            [
                writer.AddNode("Reshape", [zeros, flat], Derived(node, input, "zeros_flat")),
                writer.AddNode("Reshape", [node.Output[1], flat], Derived(node, input, "indices_flat")),
                writer.AddNode("Reshape", [gradient, flat], Derived(node, input, "gradient_flat")),
            ],
            Derived(node, input, "scatter"),
            OnnxGraphBuilder.Int("axis", 0),
            OnnxGraphBuilder.String("reduction", "add"));
        Contribute(input, writer.AddNode("Reshape", [scattered, shape], Derived(node, input, "unpooled")));
    }

    /// <summary>Every input position gets its channel's gradient divided by the number of positions.</summary>
    private void GlobalAveragePool(NodeProto node, string gradient)
    {
        var input = node.Input[0];
        var shape = forward.ShapeOf(input);
        var scaled = writer.AddNode("Mul", [gradient, writer.Scalar(1f / (shape[1] * shape[2]))], Derived(node, input, "scaled"));
        Contribute(input, writer.AddNode("Expand", [scaled, writer.Int64s(1, shape[0], shape[1], shape[2])], Derived(node, input, "expanded")));
    }
}
