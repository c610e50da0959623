using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>The per-image output shape of a node given its first input's, or null where the rule cannot tell.</summary>
internal delegate int[]? ShapeRule(ForwardGraph graph, NodeProto node, int[] input);

/// <summary>Adds the gradients of a node's inputs, given the gradient of its first output.</summary>
internal delegate void BackwardRule(BackwardGraph backward, NodeProto node, string gradient);

/// <summary>Everything the training graphs know of one ONNX operator; <see cref="TrainingOpRules"/> holds one per op.</summary>
/// <param name="OpType">The ONNX operator.</param>
/// <param name="Shape">Infers the output's per-image shape (the converter declares only the interface's shapes).</param>
/// <param name="Backward">The gradient rule, or null for an op that may sit before the trained part or beside it
/// (preprocessing, the ImageNet classifier) but cannot be trained through.</param>
/// <param name="TrainableInputs">Input positions that are trained parameters when they are initializers (Conv's
/// weight and bias); every other initializer the trained nodes read stays a constant.</param>
/// <param name="AddedOutputs">Optional outputs the backward rule reads, which the training graph's copy of the
/// forward node gains, named <c>{output}/{suffix}</c> in order (MaxPool's indices).</param>
internal sealed record TrainingOpRule(
    string OpType, ShapeRule Shape, BackwardRule? Backward = null, int[]? TrainableInputs = null, string[]? AddedOutputs = null)
{
    /// <summary>The names of the node's trainable inputs that are present (optional inputs may be absent or empty).</summary>
    public IEnumerable<string> TrainableInputsOf(NodeProto node) =>
        (TrainableInputs ?? []).Where(position => position < node.Input.Count).Select(position => node.Input[position]);
}
