namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>Translation of the layers that are not spatial: dense layers and element-wise merges.</summary>
internal sealed partial class KerasGraphTranslator
{
    private OnnxValue TranslateDense(KerasLayer layer)
    {
        var input = SingleInput(layer);
        if (input.Dims.Count != 1)
        {
            throw layer.Error($"its input has shape {input.DescribeShape()}; only Dense on [N, F] inputs is supported");
        }

        var units = layer.GetInt("units");
        var activation = layer.GetString("activation");

        // Keras stores the kernel as [in, out], which is Gemm's B without transposition.
        var kernel = weights.Get(layer, "kernel", input.Dims[0], units);
        var bias = layer.GetBool("use_bias", fallback: true) ? weights.Get(layer, "bias", units).Data : new float[units];
        var product = graph.AddNode(
            "Gemm",
            [
                input.Name,
                graph.AddInitializer($"{layer.Name}/kernel", [input.Dims[0], units], kernel.Data),
                graph.AddInitializer($"{layer.Name}/bias", [units], bias),
            ],
            PreActivationName(layer, activation));
        return Activate(layer, new OnnxValue(product, [units]), activation);
    }

    private OnnxValue TranslateAdd(KerasLayer layer)
    {
        var inputs = layer.Inputs.Select(name => layerOutputs[name]).ToList();
        if (inputs.Count < 2)
        {
            throw layer.Error($"it has {inputs.Count} inputs, expected at least two");
        }

        if (inputs.Any(input => !input.Dims.SequenceEqual(inputs[0].Dims)))
        {
            throw layer.Error($"its inputs differ in shape ({string.Join(", ", inputs.Select(input => input.DescribeShape()))})");
        }

        // ONNX Add is binary; chain it for Keras' n-ary Add.
        var sum = inputs[0].Name;
        for (var i = 1; i < inputs.Count; i++)
        {
            sum = graph.AddNode("Add", [sum, inputs[i].Name], i == inputs.Count - 1 ? ValueName(layer) : $"{layer.Name}/partial_sum_{i}");
        }

        return inputs[0] with { Name = sum };
    }
}
