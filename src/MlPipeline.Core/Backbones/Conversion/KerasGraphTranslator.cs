using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>
/// Translates a Keras model, layer by layer in dependency order, into an ONNX graph that works in NCHW
/// (Keras works in NHWC; only the graph interface and Keras-visible flattening orders need to care).
/// </summary>
internal sealed partial class KerasGraphTranslator
{
    private const string InputName = BackboneArchitecture.OnnxInput;
    private const string OutputName = "output";
    private const string FeaturesName = BackboneArchitecture.OnnxFeatures;

    // ImageNet channel means of Keras' "caffe" preprocessing, in its B, G, R order.
    private static readonly float[] CaffeBgrMeans = [103.939f, 116.779f, 123.68f];

    private readonly KerasModel model;
    private readonly KerasWeights weights;
    private readonly OnnxGraphBuilder graph;
    private readonly HashSet<string> exposedLayers;
    private readonly Dictionary<string, OnnxValue> layerOutputs = new(StringComparer.Ordinal);

    private KerasGraphTranslator(KerasModel model, KerasWeights weights, HashSet<string> exposedLayers)
    {
        this.model = model;
        this.weights = weights;
        this.exposedLayers = exposedLayers;
        graph = new OnnxGraphBuilder(model.Name);
    }

    public static byte[] Translate(KerasModel model, KerasWeights weights, ConversionOptions options, string docString)
    {
        var featureLayer = options.FeatureLayer is null
            ? null
            : model.Find(options.FeatureLayer) ?? throw new KerasConversionException($"Feature layer '{options.FeatureLayer}' is not a layer of model '{model.Name}'.");
        List<KerasLayer> targets = featureLayer is null ? [model.OutputLayer] : [model.OutputLayer, featureLayer];

        var translator = new KerasGraphTranslator(model, weights, [.. targets.Select(layer => layer.Name)]);
        translator.TranslateInput(options.Preprocessing);
        foreach (var layer in model.LayersLeadingTo(targets))
        {
            // A layer already has an output when it was fused into its predecessor (BatchNormalization into Conv2D).
            if (!translator.layerOutputs.ContainsKey(layer.Name))
            {
                translator.TranslateLayer(layer);
            }
        }

        translator.AddOutput(model.OutputLayer);
        if (featureLayer is not null)
        {
            translator.AddFeatures(featureLayer);
        }

        return translator.graph.ToModelBytes(docString);
    }

    private void TranslateLayer(KerasLayer layer)
    {
        var output = layer.ClassName switch
        {
            "Conv2D" => TranslateConv2D(layer),
            "BatchNormalization" => TranslateBatchNormalization(layer),
            "ZeroPadding2D" => TranslateZeroPadding2D(layer),
            "MaxPooling2D" => TranslateMaxPooling2D(layer),
            "GlobalAveragePooling2D" => TranslateGlobalAveragePooling2D(layer),
            "Dense" => TranslateDense(layer),
            "Activation" => Activate(layer, SingleInput(layer), layer.GetString("activation")),
            "Add" => TranslateAdd(layer),
            "Dropout" => SingleInput(layer), // Inference-time identity.
            _ => throw layer.Error("this layer class is not supported"),
        };
        layerOutputs[layer.Name] = output;
    }

    private void TranslateInput(InputPreprocessing preprocessing)
    {
        var layer = model.InputLayer;
        if (layer.ClassName != "InputLayer")
        {
            throw layer.Error("the model input is not an InputLayer");
        }

        var shape = layer.GetShape("batch_input_shape");
        if (shape.Skip(1).Any(dim => dim is null) || shape.Count is not (2 or 4))
        {
            throw layer.Error($"batch_input_shape [{string.Join(", ", shape.Select(dim => dim?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"))}] must be [batch, H, W, C] or [batch, F] with known sizes");
        }

        // NHWC in Keras, NCHW here.
        int[] dims = shape.Count == 4 ? [shape[3]!.Value, shape[1]!.Value, shape[2]!.Value] : [shape[1]!.Value];
        graph.AddInput(InputName, dims);
        var input = new OnnxValue(InputName, dims);
        layerOutputs[layer.Name] = preprocessing switch
        {
            InputPreprocessing.None => input,
            InputPreprocessing.Caffe => AddCaffePreprocessing(layer, input),
            _ => throw new ArgumentOutOfRangeException(nameof(preprocessing), preprocessing, "Unknown preprocessing."),
        };
    }

    private OnnxValue AddCaffePreprocessing(KerasLayer inputLayer, OnnxValue rgb)
    {
        if (!rgb.IsImage || rgb.Dims[0] != 3)
        {
            throw inputLayer.Error($"caffe preprocessing needs a 3-channel image input, not {rgb.DescribeShape()}");
        }

        // A Gather on the input rather than permuting the first convolution's input channels: the input may feed
        // any layer (in ResNet-50 it is ZeroPadding2D), and reordering 3 planes costs nothing next to
        // the network itself.
        var bgr = graph.AddNode("Gather", [rgb.Name, graph.AddInitializer($"{InputName}/bgr_order", [2L, 1L, 0L])], $"{InputName}/bgr", OnnxGraphBuilder.Int("axis", 1));

        // A separate Sub rather than folding the means into the first convolution's bias: zero padding happens
        // after the subtraction in Keras, so the padded border must see 0, not -mean.
        var means = graph.AddInitializer($"{InputName}/caffe_bgr_means", [3, 1, 1], CaffeBgrMeans);
        return new OnnxValue(graph.AddNode("Sub", [bgr, means], ValueName(inputLayer)), rgb.Dims);
    }

    private void AddOutput(KerasLayer layer)
    {
        var value = layerOutputs[layer.Name];
        graph.AddNode("Identity", [value.Name], OutputName);
        graph.AddOutput(OutputName, value.Dims);
    }

    private void AddFeatures(KerasLayer layer)
    {
        var value = layerOutputs[layer.Name];
        if (!value.IsImage)
        {
            graph.AddNode("Identity", [value.Name], FeaturesName);
            graph.AddOutput(FeaturesName, value.Dims);
            return;
        }

        // Back to NHWC before flattening, so the feature vector is ordered exactly like Keras' Flatten of this layer.
        var nhwc = graph.AddNode("Transpose", [value.Name], $"{FeaturesName}/nhwc", OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1));
        graph.AddNode("Flatten", [nhwc], FeaturesName, OnnxGraphBuilder.Int("axis", 1));
        graph.AddOutput(FeaturesName, [value.Dims.Aggregate(1, (product, dim) => product * dim)]);
    }

    private OnnxValue SingleInput(KerasLayer layer)
    {
        if (layer.Inputs.Count != 1)
        {
            throw layer.Error($"it has {layer.Inputs.Count} inputs, expected one");
        }

        return layerOutputs[layer.Inputs[0]];
    }

    private OnnxValue SingleImageInput(KerasLayer layer)
    {
        var input = SingleInput(layer);
        return input.IsImage ? input : throw layer.Error($"its input has shape {input.DescribeShape()}, expected an image [N, C, H, W]");
    }

    /// <summary>
    /// The ONNX name of a layer's output: the layer name, unless that would clash with the graph's own
    /// input or output names.
    /// </summary>
    private static string ValueName(KerasLayer layer) =>
        layer.Name is InputName or OutputName or FeaturesName ? $"{layer.Name}/keras" : layer.Name;

    /// <summary>
    /// Applies a Keras activation (an Activation layer, or a Conv2D/Dense activation config) to
    /// <paramref name="input"/>, producing the output of <paramref name="layer"/>.
    /// </summary>
    private OnnxValue Activate(KerasLayer layer, OnnxValue input, string activation)
    {
        AttributeProto[] noAttributes = [];
        var (opType, attributes) = activation switch
        {
            "linear" => (null, noAttributes),
            "relu" => ("Relu", noAttributes),
            "sigmoid" => ("Sigmoid", noAttributes),

            // Keras applies softmax over the last (channel) axis, which is axis 1 in NCHW and in [N, F].
            "softmax" => ("Softmax", [OnnxGraphBuilder.Int("axis", 1)]),
            _ => throw layer.Error($"activation '{activation}' is not supported (linear, relu, sigmoid and softmax are)"),
        };
        return opType is null ? input : input with { Name = graph.AddNode(opType, [input.Name], ValueName(layer), attributes) };
    }

    /// <summary>
    /// The ONNX name for the result of a layer's main operation: the layer's output itself when no activation
    /// follows, otherwise an intermediate value the activation reads.
    /// </summary>
    private static string PreActivationName(KerasLayer layer, string activation) =>
        activation == "linear" ? ValueName(layer) : $"{layer.Name}/preactivation";
}
