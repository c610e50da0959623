using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>Translation of the layers that work on images: convolution, normalization, padding and pooling.</summary>
internal sealed partial class KerasGraphTranslator
{
    private OnnxValue TranslateConv2D(KerasLayer layer)
    {
        var input = SingleImageInput(layer);
        layer.RequireChannelsLast();
        if (layer.GetInt("groups", fallback: 1) != 1)
        {
            throw layer.Error("grouped convolution is not supported");
        }

        var filters = layer.GetInt("filters");
        var (kernelHeight, kernelWidth) = layer.GetIntPair("kernel_size");
        var (strideY, strideX) = layer.GetIntPair("strides", (1, 1));
        var (dilationY, dilationX) = layer.GetIntPair("dilation_rate", (1, 1));
        var padding = layer.GetString("padding");
        var activation = layer.GetString("activation");
        var (channels, height, width) = (input.Dims[0], input.Dims[1], input.Dims[2]);

        var kernel = ConvolutionWeights.HwioToOihw(
            weights.Get(layer, "kernel", kernelHeight, kernelWidth, channels, filters).Data, kernelHeight, kernelWidth, channels, filters);

        // Always give Conv a bias: a folded BatchNormalization needs one, and a zero bias costs nothing.
        var bias = layer.GetBool("use_bias", fallback: true) ? [.. weights.Get(layer, "bias", filters).Data] : new float[filters];

        var producedLayer = layer;
        if (FoldableBatchNorm(layer, activation) is { } batchNorm)
        {
            ConvolutionWeights.FoldBatchNorm(kernel, bias, BatchNormParameters.Read(batchNorm, weights, filters));
            producedLayer = batchNorm;
        }

        var (top, bottom, outHeight) = SpatialPadding(layer, padding, height, kernelHeight, strideY, dilationY);
        var (left, right, outWidth) = SpatialPadding(layer, padding, width, kernelWidth, strideX, dilationX);
        var convolved = graph.AddNode(
            "Conv",
            [
                input.Name,
                graph.AddInitializer($"{layer.Name}/kernel", [filters, channels, kernelHeight, kernelWidth], kernel),
                graph.AddInitializer($"{layer.Name}/bias", [filters], bias),
            ],
            PreActivationName(producedLayer, activation),
            OnnxGraphBuilder.Ints("kernel_shape", kernelHeight, kernelWidth),
            OnnxGraphBuilder.Ints("strides", strideY, strideX),
            OnnxGraphBuilder.Ints("dilations", dilationY, dilationX),
            OnnxGraphBuilder.Ints("pads", top, left, bottom, right));
        var output = Activate(layer, new OnnxValue(convolved, [filters, outHeight, outWidth]), activation);
        if (producedLayer != layer)
        {
            layerOutputs[producedLayer.Name] = output;
        }

        return output;
    }

    /// <summary>
    /// The BatchNormalization that can be folded into <paramref name="conv"/>: one that is the only reader of a
    /// linear convolution whose own output is not needed elsewhere (as a graph output).
    /// </summary>
    private KerasLayer? FoldableBatchNorm(KerasLayer conv, string activation)
    {
        if (activation != "linear" || exposedLayers.Contains(conv.Name) || model.ConsumersOf(conv.Name) is not [var consumer])
        {
            return null;
        }

        var batchNorm = model.Find(consumer)!;
        if (batchNorm.ClassName != "BatchNormalization")
        {
            return null;
        }

        RequireChannelAxis(batchNorm, inputRank: 4);
        return batchNorm;
    }

    private OnnxValue TranslateBatchNormalization(KerasLayer layer)
    {
        var input = SingleInput(layer);
        RequireChannelAxis(layer, inputRank: input.Dims.Count + 1);
        var channels = input.Dims[0];
        var parameters = BatchNormParameters.Read(layer, weights, channels);
        var output = graph.AddNode(
            "BatchNormalization",
            [
                input.Name,
                graph.AddInitializer($"{layer.Name}/gamma", [channels], parameters.Gamma),
                graph.AddInitializer($"{layer.Name}/beta", [channels], parameters.Beta),
                graph.AddInitializer($"{layer.Name}/moving_mean", [channels], parameters.Mean),
                graph.AddInitializer($"{layer.Name}/moving_variance", [channels], parameters.Variance),
            ],
            ValueName(layer),
            OnnxGraphBuilder.Float("epsilon", parameters.Epsilon));
        return input with { Name = output };
    }

    /// <summary>Fails unless the normalization runs over the channel (last Keras) axis, the one ONNX normalizes.</summary>
    private static void RequireChannelAxis(KerasLayer batchNorm, int inputRank)
    {
        var axes = batchNorm.GetIntList("axis");
        if (axes is not [var axis] || (axis != -1 && axis != inputRank - 1))
        {
            throw batchNorm.Error($"normalization over axis [{string.Join(", ", axes)}] is not supported, only over the last (channel) axis");
        }
    }

    private OnnxValue TranslateZeroPadding2D(KerasLayer layer)
    {
        var input = SingleImageInput(layer);
        layer.RequireChannelsLast();
        var ((top, bottom), (left, right)) = layer.GetPadding2D("padding");
        var pads = graph.AddInitializer($"{layer.Name}/pads", [0L, 0L, top, left, 0L, 0L, bottom, right]);
        return new OnnxValue(
            graph.AddNode("Pad", [input.Name, pads], ValueName(layer)),
            [input.Dims[0], input.Dims[1] + top + bottom, input.Dims[2] + left + right]);
    }

    private OnnxValue TranslateMaxPooling2D(KerasLayer layer)
    {
        var input = SingleImageInput(layer);
        layer.RequireChannelsLast();
        var (poolHeight, poolWidth) = layer.GetIntPair("pool_size");
        var (strideY, strideX) = layer.GetIntPair("strides", (poolHeight, poolWidth));
        var padding = layer.GetString("padding");

        // ONNX MaxPool, like TensorFlow, ignores padded positions rather than treating them as zeros.
        var (top, bottom, outHeight) = SpatialPadding(layer, padding, input.Dims[1], poolHeight, strideY, dilation: 1);
        var (left, right, outWidth) = SpatialPadding(layer, padding, input.Dims[2], poolWidth, strideX, dilation: 1);
        var output = graph.AddNode(
            "MaxPool",
            [input.Name],
            ValueName(layer),
            OnnxGraphBuilder.Ints("kernel_shape", poolHeight, poolWidth),
            OnnxGraphBuilder.Ints("strides", strideY, strideX),
            OnnxGraphBuilder.Ints("pads", top, left, bottom, right));
        return new OnnxValue(output, [input.Dims[0], outHeight, outWidth]);
    }

    private OnnxValue TranslateGlobalAveragePooling2D(KerasLayer layer)
    {
        var input = SingleImageInput(layer);
        layer.RequireChannelsLast();
        if (layer.GetBool("keepdims", fallback: false))
        {
            throw layer.Error("keepdims=true is not supported");
        }

        var pooled = graph.AddNode("GlobalAveragePool", [input.Name], $"{layer.Name}/pooled");
        return new OnnxValue(graph.AddNode("Flatten", [pooled], ValueName(layer), OnnxGraphBuilder.Int("axis", 1)), [input.Dims[0]]);
    }

    /// <summary>
    /// Explicit padding and output size along one spatial axis. For 'same' this reproduces TensorFlow exactly:
    /// the total padding is split with the odd pixel at the end (bottom/right), which matters for stride 2.
    /// </summary>
    private static (int Before, int After, int Output) SpatialPadding(KerasLayer layer, string padding, int input, int kernel, int stride, int dilation)
    {
        var span = ((kernel - 1) * dilation) + 1;
        switch (padding)
        {
            case "valid" when input >= span:
                return (0, 0, ((input - span) / stride) + 1);
            case "valid":
                throw layer.Error($"a window of {span} does not fit an input of {input}");
            case "same":
                var output = (input + stride - 1) / stride;
                var total = Math.Max(((output - 1) * stride) + span - input, 0);
                return (total / 2, total - (total / 2), output);
            default:
                throw layer.Error($"padding '{padding}' is not supported (valid and same are)");
        }
    }
}
