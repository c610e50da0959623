namespace MlPipeline.Core.Training.Graphs;

/// <summary>How much of the pretrained backbone fine-tuning trains.</summary>
public enum UnfreezeMode
{
    /// <summary>Only the classifier head (a linear probe on frozen features).</summary>
    None,

    /// <summary>The last stage of the backbone (ResNet-50's conv5 blocks) and the head.</summary>
    LastStage,

    /// <summary>Every layer of the backbone and the head.</summary>
    All,
}

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
