using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>The backward rules of the element-wise and layout ops: Relu, Add, Flatten/Reshape and Pad.</summary>
internal sealed partial class BackwardGraph
{
    /// <summary>
    /// Relu passes the gradient where its output is positive (the same set as where its input is). The 0/1 mask is
    /// two HardSigmoids, min(1, 2^100 y) twice: the output is never negative, and 2^200 lifts even the smallest
    /// subnormal above 1, so the mask is exact. ONNX Runtime spreads activations and Mul over its threads: on a
    /// [16, 256, 56, 56] gradient this measured 5.1 ms against 12.8 ms for Where after Greater; Sign, and Greater
    /// with a Cast, measured slower still.
    /// </summary>
    private void Relu(NodeProto node, string gradient)
    {
        var input = node.Input[0];
        var lift = OnnxGraphBuilder.Float("alpha", MathF.Pow(2, 100));
        var zero = OnnxGraphBuilder.Float("beta", 0);
        var coarse = writer.AddNode("HardSigmoid", [node.Output[0]], Derived(node, input, "mask_coarse"), lift, zero);
        var mask = writer.AddNode("HardSigmoid", [coarse], Derived(node, input, "mask"), lift, zero);
        Contribute(input, writer.AddNode("Mul", [gradient, mask], Derived(node, input, "masked")));
    }

    /// <summary>Both addends get the whole gradient; a residual's shortcut thereby gets a second contribution.</summary>
    private void Add(NodeProto node, string gradient)
    {
        if (!forward.ShapeOf(node.Input[0]).SequenceEqual(forward.ShapeOf(node.Input[1])))
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's Add '{node.Name}' broadcasts, which the training graph builder does not support.");
        }

        foreach (var input in node.Input.Where(NeedsGradient))
        {
            Contribute(input, gradient);
        }
    }

    private void Reshape(NodeProto node, string gradient)
    {
        var input = node.Input[0];

        // 0 copies the batch dimension of the gradient.
        long[] shape = [0, .. forward.ShapeOf(input).Select(dim => (long)dim)];
        Contribute(input, writer.AddNode("Reshape", [gradient, writer.Int64s(shape)], Derived(node, input, "reshape")));
    }

    /// <summary>Zero padding's gradient is the gradient cropped back to the unpadded window.</summary>
    private void Pad(NodeProto node, string gradient)
    {
        var input = node.Input[0];
        var mode = ForwardGraph.String(node, "mode", "constant");
        var pads = node.Input.Count > 1 && forward.IsInitializer(node.Input[1]) ? forward.ReadInt64s(node.Input[1]) : [];
        if (mode != "constant" || pads.Length != 8 || pads.Any(pad => pad < 0) || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's Pad '{node.Name}' is not a constant spatial padding of an image, the only kind the training graph builder supports.");
        }

        var shape = forward.ShapeOf(input);
        Contribute(
            input,
            writer.AddNode(
                "Slice",
                [gradient, writer.Int64s(pads[2], pads[3]), writer.Int64s(pads[2] + shape[1], pads[3] + shape[2]), writer.Int64s(2, 3)],
                Derived(node, input, "crop")));
    }
}
