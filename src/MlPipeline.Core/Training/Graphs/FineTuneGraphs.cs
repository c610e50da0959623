namespace MlPipeline.Core.Training.Graphs;

/// <summary>Which learning rate a parameter gets: the head learns faster than the backbone.</summary>
public enum ParameterGroup
{
    /// <summary>A weight or bias of the pretrained backbone.</summary>
    Backbone,

    /// <summary>The new classifier head.</summary>
    Head,
}

/// <summary>One trainable tensor: a graph input of the training graph, with its gradient as a graph output.</summary>
/// <param name="Name">The graph input's name (the backbone initializer's name for backbone parameters).</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="Initial">Its starting values, row-major.</param>
/// <param name="Group">Its learning-rate group.</param>
public sealed record TrainableParameter(string Name, int[] Shape, float[] Initial, ParameterGroup Group)
{
    /// <summary>Name of the graph output that carries this parameter's gradient.</summary>
    public string GradientName => TrainingGraphNames.GradientPrefix + Name;
}

/// <summary>The fixed names of the training graphs' inputs and outputs.</summary>
public static class TrainingGraphNames
{
    /// <summary>Input of the training and evaluation graphs, and output of the frozen graph: the activation entering the trainable part.</summary>
    public const string Activation = "activation";

    /// <summary>Input: int64 [N] class indices.</summary>
    public const string Labels = "labels";

    /// <summary>Output: float scalar, the batch-mean softmax cross-entropy (with label smoothing when set).</summary>
    public const string Loss = "loss";

    /// <summary>Output: float [N, classes].</summary>
    public const string Logits = "logits";

    /// <summary>Prefix of each parameter's gradient output.</summary>
    public const string GradientPrefix = "grad.";

    /// <summary>Name of the head's weight parameter, float [features, classes].</summary>
    public const string HeadWeight = "head.weight";

    /// <summary>Name of the head's bias parameter, float [classes].</summary>
    public const string HeadBias = "head.bias";
}

/// <summary>
/// The ONNX graphs that fine-tune a backbone, made by <see cref="FineTuneGraphBuilder"/>: the frozen part run forward
/// only, the trainable part with its gradients, the same without gradients for validation, and the way back to a
/// backbone with the trained values.
/// </summary>
public sealed class FineTuneGraphs
{
    private readonly byte[] backboneOnnx;

    internal FineTuneGraphs(
        byte[] backboneOnnx, byte[]? frozenModel, int[] activationShape, byte[] trainingModel, byte[] evaluationModel, IReadOnlyList<TrainableParameter> parameters)
    {
        this.backboneOnnx = backboneOnnx;
        FrozenModel = frozenModel;
        ActivationShape = activationShape;
        TrainingModel = trainingModel;
        EvaluationModel = evaluationModel;
        Parameters = parameters;
    }

    /// <summary>
    /// ONNX model from the backbone's input <c>image</c> (float [N, 3, H, W], RGB 0-255) to <c>activation</c>, the tensor
    /// entering the trainable part; null when every layer trains (the training graph then reads the image itself).
    /// </summary>
    public byte[]? FrozenModel { get; }

    /// <summary>Per-image dims of <c>activation</c>, e.g. [1024, 14, 14] for the last stage, [3, 224, 224] for all layers.</summary>
    public int[] ActivationShape { get; }

    /// <summary>
    /// Inputs <c>activation</c>, <c>labels</c> (int64 [N]) and every parameter by name; outputs <c>loss</c> (scalar),
    /// <c>logits</c> [N, C] and <c>grad.&lt;name&gt;</c> for every parameter.
    /// </summary>
    public byte[] TrainingModel { get; }

    /// <summary>The same forward without gradients (inputs as the training graph, outputs <c>loss</c> and <c>logits</c>), for validation.</summary>
    public byte[] EvaluationModel { get; }

    /// <summary>The backbone parameters (named as the backbone's initializers) then <c>head.weight</c> [F, C] and <c>head.bias</c> [C].</summary>
    public IReadOnlyList<TrainableParameter> Parameters { get; }

    /// <summary>
    /// The backbone ONNX (input <c>image</c>, output <c>features</c>, the same graph as the input backbone) with every
    /// backbone parameter replaced by the given values; head values are ignored. This is what ships in the model zip.
    /// </summary>
    /// <param name="values">Values by parameter name; every backbone parameter must be present with its full length.</param>
    /// <returns>The bytes of the fine-tuned backbone.</returns>
    public byte[] WriteBackbone(IReadOnlyDictionary<string, float[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var replacements = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var parameter in Parameters.Where(parameter => parameter.Group == ParameterGroup.Backbone))
        {
            if (!values.TryGetValue(parameter.Name, out var value) || value.Length != parameter.Initial.Length)
            {
                throw new ArgumentException($"Backbone parameter '{parameter.Name}' needs {parameter.Initial.Length} values.", nameof(values));
            }

            replacements[parameter.Name] = value;
        }

        return BackboneInitializers.Replace(backboneOnnx, replacements);
    }
}
