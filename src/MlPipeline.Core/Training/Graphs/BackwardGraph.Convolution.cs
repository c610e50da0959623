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
            Contribute(input, ConvInputGradient(node, gradient, window, outputChannels, inputChannels));
        }

        if (NeedsGradient(weight))
        {
            Contribute(weight, ConvWeightGradient(node, gradient, window, outputChannels, inputChannels));
        }
    }

    /// <summary>
    /// The input gradient is the transposed convolution of the output gradient with the same kernel. For a larger
    /// kernel at stride 1 it is written as a plain Conv with the kernel's in/out channels swapped and its taps
    /// reversed, padded by the complement of the forward pads: ONNX Runtime's ConvTranspose (GEMM + col2im) measured
    /// about 1.6 times the forward Conv on ResNet-50's 3x3 layers. Everything else keeps ConvTranspose, whose
    /// output_padding restores the rows and columns a forward stride skipped at the end (1x1/2 'valid' on 14x14
    /// reads 13 of them).
    /// </summary>
    private string ConvInputGradient(NodeProto node, string gradient, WindowGeometry window, int outputChannels, int inputChannels)
    {
        var (input, weight) = (node.Input[0], node.Input[1]);
        if (window.StrideY == 1 && window.StrideX == 1)
        {
            return writer.AddNode(
                "Conv",
                [gradient, FlippedKernel(node, window, outputChannels, inputChannels)],
                Derived(node, input, "conv"),
                OnnxGraphBuilder.Ints("kernel_shape", window.KernelHeight, window.KernelWidth),
                OnnxGraphBuilder.Ints(
                    "pads",
                    window.KernelHeight - 1 - window.Top,
                    window.KernelWidth - 1 - window.Left,
                    window.KernelHeight - 1 - window.Bottom,
                    window.KernelWidth - 1 - window.Right));
        }

        var extraHeight = window.InputHeight - (((window.OutputHeight - 1) * window.StrideY) + window.KernelHeight - window.Top - window.Bottom);
        var extraWidth = window.InputWidth - (((window.OutputWidth - 1) * window.StrideX) + window.KernelWidth - window.Left - window.Right);
        return writer.AddNode(
            "ConvTranspose",
            [gradient, weight],
            Derived(node, input, "convtranspose"),
            OnnxGraphBuilder.Ints("kernel_shape", window.KernelHeight, window.KernelWidth),
            OnnxGraphBuilder.Ints("strides", window.StrideY, window.StrideX),
            OnnxGraphBuilder.Ints("pads", window.Top, window.Left, window.Bottom, window.Right),
            OnnxGraphBuilder.Ints("output_padding", extraHeight, extraWidth));
    }

    /// <summary>
    /// The kernel as [I, O, kh, kw] with its taps in reverse order. The reversal is a MatMul of the flattened taps
    /// with a constant permutation matrix (exact: one product by 1, the rest by 0): a Slice with negative steps or a
    /// Gather over transposed taps measured tens of milliseconds per 512x512x3x3 kernel, a per-step cost.
    /// </summary>
    private string FlippedKernel(NodeProto node, WindowGeometry window, int outputChannels, int inputChannels)
    {
        var (input, weight) = (node.Input[0], node.Input[1]);
        var taps = window.KernelHeight * window.KernelWidth;
        if (taps == 1)
        {
            return writer.AddNode("Transpose", [weight], Derived(node, input, "kernel_io"), OnnxGraphBuilder.Ints("perm", 1, 0, 2, 3));
        }

        var reversal = new float[taps * taps];
        for (var tap = 0; tap < taps; tap++)
        {
            reversal[(tap * taps) + (taps - 1 - tap)] = 1f;
        }

        var reversalName = writer.Floats($"const/reverse_{taps}", [taps, taps], reversal);
        var flat = writer.AddNode("Reshape", [weight, writer.Int64s(outputChannels, inputChannels, taps)], Derived(node, input, "kernel_taps"));
        var reversed = writer.AddNode("MatMul", [flat, reversalName], Derived(node, input, "kernel_reversed"));
        var spatial = writer.AddNode(
            "Reshape", [reversed, writer.Int64s(outputChannels, inputChannels, window.KernelHeight, window.KernelWidth)], Derived(node, input, "kernel_flipped"));
        return writer.AddNode("Transpose", [spatial], Derived(node, input, "kernel_io"), OnnxGraphBuilder.Ints("perm", 1, 0, 2, 3));
    }

    /// <summary>
    /// dW[o, i, ky, kx] = sum over n, y, x of dY[n, o, y, x] * Xpadded[n, i, y*s + ky, x*s + kx]. A 1x1 kernel reads
    /// the (strided) input directly. A larger kernel gathers its kh*kw strided shifts of the padded input
    /// channels-last (im2col as Slices and one Concat into [N, Ho*Wo, kh*kw*I]), ordered (ky, kx, i), which the
    /// result's last Transpose puts back as (i, ky, kx).
    /// </summary>
    private string ConvWeightGradient(NodeProto node, string gradient, WindowGeometry window, int outputChannels, int inputChannels)
    {
        var (input, weight) = (node.Input[0], node.Input[1]);
        var positions = window.OutputHeight * window.OutputWidth;
        if (window.KernelHeight * window.KernelWidth == 1)
        {
            var strided = StridedShift(node, input, window, 0, 0, channelsLast: false);
            var channelRows = writer.AddNode("Reshape", [strided, writer.Int64s(0, inputChannels, positions)], Derived(node, weight, "input_rows"));
            var rows = writer.AddNode("Transpose", [channelRows], Derived(node, weight, "input_nhwc"), OnnxGraphBuilder.Ints("perm", 0, 2, 1));
            var product = ContractOverBatch(node, gradient, rows, outputChannels, inputChannels, positions);
            return writer.AddNode("Reshape", [product, writer.Int64s(outputChannels, inputChannels, 1, 1)], Derived(node, weight, "oihw"));
        }

        var nhwc = writer.AddNode("Transpose", [input], Derived(node, weight, "nhwc"), OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1));
        var padded = !window.HasPadding
            ? nhwc
            : writer.AddNode(
                "Pad",
                [nhwc, writer.Int64s(0, window.Top, window.Left, 0, 0, window.Bottom, window.Right, 0)],
                Derived(node, weight, "padded"));

        var shifts = new List<string>();
        for (var ky = 0; ky < window.KernelHeight; ky++)
        {
            for (var kx = 0; kx < window.KernelWidth; kx++)
            {
                shifts.Add(StridedShift(node, padded, window, ky, kx, channelsLast: true));
            }
        }

        var columnsPerImage = window.KernelHeight * window.KernelWidth * inputChannels;
        var columns = writer.AddNode("Concat", shifts, Derived(node, weight, "im2col"), OnnxGraphBuilder.Int("axis", 3));
        var columnRows = writer.AddNode("Reshape", [columns, writer.Int64s(0, positions, columnsPerImage)], Derived(node, weight, "im2col_rows"));
        var contracted = ContractOverBatch(node, gradient, columnRows, outputChannels, columnsPerImage, positions);
        var ohwi = writer.AddNode(
            "Reshape", [contracted, writer.Int64s(outputChannels, window.KernelHeight, window.KernelWidth, inputChannels)], Derived(node, weight, "ohwi"));
        return writer.AddNode("Transpose", [ohwi], Derived(node, weight, "oihw"), OnnxGraphBuilder.Ints("perm", 0, 3, 1, 2));
    }

    /// <summary>
    /// sum over n and p of dY[n, o, p] * rows[n, p, c], as [O, C]. Where the weight is smaller than one image's
    /// gradient and rows together (ResNet-50's first two stages), one MatMul per image with a ReduceSum over the
    /// batch reads both in place; otherwise both are transposed so that one MatMul contracts batch and positions
    /// at once, which beats writing N weight-sized products. Measured at batch 16 on 2 cores: 13 against 41 ms
    /// for a 256x64 kernel at 56x56, 8.2 against 28.8 ms for 2048x512 at 7x7; an Einsum was slower than the
    /// better of the two everywhere.
    /// </summary>
    private string ContractOverBatch(NodeProto node, string gradient, string rows, int outputChannels, int columns, int positions)
    {
        var weight = node.Input[1];
        if ((long)outputChannels * columns < (long)(outputChannels + columns) * positions)
        {
            var gradientRows = writer.AddNode("Reshape", [gradient, writer.Int64s(0, outputChannels, positions)], Derived(node, weight, "gradient_rows"));
            var products = writer.AddNode("MatMul", [gradientRows, rows], Derived(node, weight, "matmul_per_image"));
            return writer.AddNode("ReduceSum", [products, writer.Int64s(0)], Derived(node, weight, "sum_over_batch"), OnnxGraphBuilder.Int("keepdims", 0));
        }

        var gradientByChannel = writer.AddNode("Transpose", [gradient], Derived(node, weight, "gradient_onhw"), OnnxGraphBuilder.Ints("perm", 1, 0, 2, 3));
        var gradientMatrix = writer.AddNode("Reshape", [gradientByChannel, writer.Int64s(outputChannels, -1)], Derived(node, weight, "gradient_matrix"));
        var rowMatrix = writer.AddNode("Reshape", [rows, writer.Int64s(-1, columns)], Derived(node, weight, "row_matrix"));
        return writer.AddNode("MatMul", [gradientMatrix, rowMatrix], Derived(node, weight, "matmul"));
    }

    /// <summary>
    /// The input values that kernel tap (ky, kx) multiplies, [N, I, Ho, Wo] or channels-last [N, Ho, Wo, I], or the
    /// input itself when that is all of it.
    /// </summary>
    private string StridedShift(NodeProto node, string padded, WindowGeometry window, int ky, int kx, bool channelsLast)
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
            [padded, writer.Int64s(ky, kx), writer.Int64s(endY, endX), channelsLast ? writer.Int64s(1, 2) : writer.Int64s(2, 3), writer.Int64s(window.StrideY, window.StrideX)],
            Derived(node, node.Input[1], $"shift_{ky}_{kx}"));
    }
}
