using MlPipeline.Core.Backbones.Conversion;
using MlPipeline.Core.Backbones.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>The backward rule of Conv: bias, input and weight gradients.</summary>
internal sealed partial class BackwardGraph
{
    private void Conv(NodeProto node, string gradient)
    {
        var (input, weight) = (node.Input[0], node.Input[1]);
        var window = WindowGeometry.Of(node, forward.ShapeOf(input));
        var outputChannels = forward.ShapeOf(node.Output[0])[0];
        var inputChannels = forward.ShapeOf(input)[0];

        if (node.Input.Count > 2 && NeedsGradient(node.Input[2]))
        {
            var bias = node.Input[2];
            Contribute(bias, writer.AddNode("ReduceSum", [gradient, writer.Int64s(0, 2, 3)], Derived(node, bias, "sum"), OnnxGraphBuilder.Int("keepdims", 0)));
        }

        if (NeedsGradient(input))
        {
            Contribute(input, ConvInputGradient(node, gradient, window));
        }

        if (NeedsGradient(weight))
        {
            Contribute(weight, ConvWeightGradient(node, gradient, window, outputChannels, inputChannels));
        }
    }

    /// <summary>
    /// The input gradient is the transposed convolution of the output gradient with the same kernel, strides and
    /// pads. output_padding restores the rows and columns the forward stride skipped at the end (1x1/2 'valid' on
    /// 14x14 reads 13 of them), so the result has the input's exact size.
    /// </summary>
    private string ConvInputGradient(NodeProto node, string gradient, WindowGeometry window)
    {
        var extraHeight = window.InputHeight - (((window.OutputHeight - 1) * window.StrideY) + window.KernelHeight - window.Top - window.Bottom);
        var extraWidth = window.InputWidth - (((window.OutputWidth - 1) * window.StrideX) + window.KernelWidth - window.Left - window.Right);
        return writer.AddNode(
            "ConvTranspose",
            [gradient, node.Input[1]],
            Derived(node, node.Input[0], "convtranspose"),
            OnnxGraphBuilder.Ints("kernel_shape", window.KernelHeight, window.KernelWidth),
            OnnxGraphBuilder.Ints("strides", window.StrideY, window.StrideX),
            OnnxGraphBuilder.Ints("pads", window.Top, window.Left, window.Bottom, window.Right),
            OnnxGraphBuilder.Ints("output_padding", extraHeight, extraWidth));
    }

    /// <summary>
    /// dW[o, i, ky, kx] = sum over n, y, x of dY[n, o, y, x] * Xpadded[n, i, y*s + ky, x*s + kx]. A 1x1 kernel reads
    /// the (strided) input directly, one Einsum; a larger kernel gathers its kh*kw strided shifts of the padded input
    /// (im2col as Slices and one Concat) and contracts them with one Einsum, which measured faster than a Conv over
    /// transposed tensors.
    /// </summary>
    private string ConvWeightGradient(NodeProto node, string gradient, WindowGeometry window, int outputChannels, int inputChannels)
    {
        var (input, weight) = (node.Input[0], node.Input[1]);
        var padded = !window.HasPadding
            ? input
            : writer.AddNode(
                "Pad",
                [input, writer.Int64s(0, 0, window.Top, window.Left, 0, 0, window.Bottom, window.Right)],
                Derived(node, weight, "padded"));

        var shifts = new List<string>();
        for (var ky = 0; ky < window.KernelHeight; ky++)
        {
            for (var kx = 0; kx < window.KernelWidth; kx++)
            {
                shifts.Add(StridedShift(node, padded, window, ky, kx));
            }
        }

        if (shifts is [var only])
        {
            var product = writer.AddNode("Einsum", [gradient, only], Derived(node, weight, "einsum"), OnnxGraphBuilder.String("equation", "nohw,nihw->oi"));
            return writer.AddNode("Reshape", [product, writer.Int64s(outputChannels, inputChannels, 1, 1)], Derived(node, weight, "oihw"));
        }

        // Concat orders the columns (ky, kx, i); the kernel wants (i, ky, kx).
        var columns = writer.AddNode("Concat", shifts, Derived(node, weight, "im2col"), OnnxGraphBuilder.Int("axis", 1));
        var contracted = writer.AddNode("Einsum", [gradient, columns], Derived(node, weight, "einsum"), OnnxGraphBuilder.String("equation", "nohw,nchw->oc"));
        var ohwi = writer.AddNode(
            "Reshape", [contracted, writer.Int64s(outputChannels, window.KernelHeight, window.KernelWidth, inputChannels)], Derived(node, weight, "ohwi"));
        return writer.AddNode("Transpose", [ohwi], Derived(node, weight, "oihw"), OnnxGraphBuilder.Ints("perm", 0, 3, 1, 2));
    }

    /// <summary>The [N, I, Ho, Wo] input values that kernel tap (ky, kx) multiplies, or the input itself when that is all of it.</summary>
    private string StridedShift(NodeProto node, string padded, WindowGeometry window, int ky, int kx)
    {
        var endY = ky + ((window.OutputHeight - 1) * window.StrideY) + 1;
        var endX = kx + ((window.OutputWidth - 1) * window.StrideX) + 1;
        var paddedHeight = window.InputHeight + window.Top + window.Bottom;
        var paddedWidth = window.InputWidth + window.Left + window.Right;
        if (ky == 0 && kx == 0 && window.StrideY == 1 && window.StrideX == 1 && endY == paddedHeight && endX == paddedWidth)
        {
            return padded;
        }

        return writer.AddNode(
            "Slice",
            [padded, writer.Int64s(ky, kx), writer.Int64s(endY, endX), writer.Int64s(2, 3), writer.Int64s(window.StrideY, window.StrideX)],
            Derived(node, node.Input[1], $"shift_{ky}_{kx}"));
    }
}
