using System.Text.Json;

namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>
/// The topology of a functional Keras model as TensorFlow.js stores it in model.json: layers, how they are
/// wired, and the model's single input and output layer. Weights are read separately by <see cref="KerasWeights"/>.
/// </summary>
internal sealed class KerasModel
{
    private readonly Dictionary<string, KerasLayer> layersByName;
    private readonly Dictionary<string, List<string>> consumers;

    private KerasModel(string name, IReadOnlyList<KerasLayer> layers, string inputLayer, string outputLayer)
    {
        Name = name;
        layersByName = new(StringComparer.Ordinal);
        consumers = new(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (!layersByName.TryAdd(layer.Name, layer))
            {
                throw new KerasConversionException($"The model has two layers named '{layer.Name}'.");
            }

            consumers[layer.Name] = [];
        }

        foreach (var layer in layers)
        {
            foreach (var input in layer.Inputs)
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    throw layer.Error($"it reads from unknown layer '{input}'");
                }

                list.Add(layer.Name);
            }
        }

        InputLayer = Find(inputLayer) ?? throw new KerasConversionException($"The model's input layer '{inputLayer}' is not among its layers.");
        OutputLayer = Find(outputLayer) ?? throw new KerasConversionException($"The model's output layer '{outputLayer}' is not among its layers.");
    }

    public string Name { get; }

    public KerasLayer InputLayer { get; }

    public KerasLayer OutputLayer { get; }

    public IEnumerable<string> LayerNames => layersByName.Keys;

    /// <summary>The image input's (height, width), from the InputLayer's batch_input_shape [batch, H, W, C].</summary>
    public (int Height, int Width) InputSize()
    {
        var shape = InputLayer.GetShape("batch_input_shape");
        return shape is [_, int height, int width, _]
            ? (height, width)
            : throw InputLayer.Error("batch_input_shape must be [batch, H, W, C] with known H and W for an image backbone");
    }

    /// <summary>
    /// The layer whose output is the feature vector: walking back from the output past the classifier (Dense,
    /// Activation, Softmax, Dropout), the first layer that is none of those, e.g. the GlobalAveragePooling2D.
    /// </summary>
    public KerasLayer FeatureLayer()
    {
        var layer = OutputLayer;
        while (layer.ClassName is "Dense" or "Activation" or "Softmax" or "Dropout")
        {
            layer = layer.Inputs is [var input]
                ? layersByName[input]
                : throw layer.Error("the classifier layer does not read exactly one layer");
        }

        return layer.ClassName is "GlobalAveragePooling2D" or "GlobalMaxPooling2D" or "Flatten"
            ? layer
            : throw layer.Error("the layer before the classifier must pool or flatten to a feature vector");
    }

    /// <summary>Parses the root object of a TF.js layers-format model.json.</summary>
    public static KerasModel Parse(JsonElement modelJson)
    {
        if (!modelJson.TryGetProperty("modelTopology", out var topology) || topology.ValueKind != JsonValueKind.Object)
        {
            throw new KerasConversionException("model.json has no 'modelTopology' object; it is not a TF.js layers model.");
        }

        // The Python converter wraps the Keras config in 'model_config'; tfjs' own model.save() does not.
        var modelConfig = topology.TryGetProperty("model_config", out var wrapped) ? wrapped : topology;
        var className = modelConfig.TryGetProperty("class_name", out var cls) ? cls.GetString() : null;
        if (className is not ("Model" or "Functional"))
        {
            throw new KerasConversionException($"Only functional Keras models are supported; this one is a '{className}'.");
        }

        var config = modelConfig.GetProperty("config");
        var layers = config.GetProperty("layers").EnumerateArray().Select(ParseLayer).ToList();
        var name = config.TryGetProperty("name", out var modelName) ? modelName.GetString() : null;
        return new KerasModel(name ?? "keras_model", layers, SingleEndpoint(config, "input_layers"), SingleEndpoint(config, "output_layers"));
    }

    public KerasLayer? Find(string name) => layersByName.GetValueOrDefault(name);

    /// <summary>Names of the layers that consume the output of <paramref name="layerName"/>.</summary>
    public IReadOnlyList<string> ConsumersOf(string layerName) => consumers[layerName];

    /// <summary>
    /// The layers needed to compute <paramref name="targets"/>, each after the layers it reads from;
    /// layers that feed none of the targets are left out.
    /// </summary>
    public IReadOnlyList<KerasLayer> LayersLeadingTo(IEnumerable<KerasLayer> targets)
    {
        var ordered = new List<KerasLayer>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done

        // An explicit stack rather than recursion: deep models (hundreds of layers in a chain) must not overflow.
        foreach (var target in targets)
        {
            var stack = new Stack<(KerasLayer Layer, int NextInput)>();
            stack.Push((target, 0));
            while (stack.Count > 0)
            {
                var (layer, next) = stack.Pop();
                if (next == 0)
                {
                    if (state.TryGetValue(layer.Name, out var done))
                    {
                        if (!done)
                        {
                            throw layer.Error("the model graph has a cycle through it");
                        }

                        continue;
                    }

                    state[layer.Name] = false;
                }

                if (next < layer.Inputs.Count)
                {
                    stack.Push((layer, next + 1));
                    stack.Push((layersByName[layer.Inputs[next]], 0));
                }
                else
                {
                    state[layer.Name] = true;
                    ordered.Add(layer);
                }
            }
        }

        return ordered;
    }

    private static KerasLayer ParseLayer(JsonElement layer)
    {
        var name = layer.GetProperty("name").GetString() ?? throw new KerasConversionException("A layer has no name.");
        var className = layer.GetProperty("class_name").GetString() ?? throw new KerasConversionException($"Layer '{name}' has no class_name.");
        var inputs = new List<string>();
        if (layer.TryGetProperty("inbound_nodes", out var nodes) && nodes.GetArrayLength() > 0)
        {
            if (nodes.GetArrayLength() > 1)
            {
                throw new KerasConversionException($"Cannot convert layer '{name}' ({className}): it is applied more than once (a shared layer), which is not supported.");
            }

            // Each inbound tensor is [layer_name, node_index, tensor_index, kwargs]; with shared layers rejected
            // and every supported layer having one output, the layer name is all that identifies it.
            inputs.AddRange(nodes[0].EnumerateArray().Select(tensor => tensor[0].GetString()!));
        }

        return new KerasLayer(name, className, layer.GetProperty("config"), inputs);
    }

    private static string SingleEndpoint(JsonElement config, string key)
    {
        var endpoints = config.GetProperty(key);
        if (endpoints.GetArrayLength() != 1)
        {
            throw new KerasConversionException($"Only models with exactly one input and one output are supported; '{key}' lists {endpoints.GetArrayLength()}.");
        }

        return endpoints[0][0].GetString()!;
    }
}
