using System.Collections.Frozen;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// The registry of the ops the training graphs understand, one <see cref="TrainingOpRule"/> each, as ONNX Runtime
/// registers its gradient builders (orttraining's gradient_builder_registry.cc). Adding an op is adding its entry
/// here: its shape rule, and for an op to train through, its backward rule (in the BackwardGraph file of its family)
/// and a PyTorch tiny-graph case in scripts/gradients, which a fast test asks for.
/// </summary>
/// <remarks>
/// The forward nodes are copied from the backbone (opset 13) into the training graphs (opset 16, see
/// <see cref="TrainingGraphWriter"/>), so an op belongs here only once its float semantics are checked to be the
/// same in both; those listed are.
/// </remarks>
internal static class TrainingOpRules
{
    private static readonly FrozenDictionary<string, TrainingOpRule> Rules = new TrainingOpRule[]
    {
        new("Conv", ShapeRules.Conv, (backward, node, gradient) => backward.Conv(node, gradient), TrainableInputs: [1, 2]),
        new("Relu", ShapeRules.SameAsInput, (backward, node, gradient) => backward.Relu(node, gradient)),
        new("Add", ShapeRules.SameAsInput, (backward, node, gradient) => backward.Add(node, gradient)),
        new("Identity", ShapeRules.SameAsInput, (backward, node, gradient) => backward.Identity(node, gradient)),
        new("Flatten", ShapeRules.Flatten, (backward, node, gradient) => backward.Reshape(node, gradient)),
        new("Pad", ShapeRules.Pad, (backward, node, gradient) => backward.Pad(node, gradient)),
        new("MaxPool", ShapeRules.MaxPool, (backward, node, gradient) => backward.MaxPool(node, gradient), AddedOutputs: ["indices"]),
        new("GlobalAveragePool", ShapeRules.GlobalAveragePool, (backward, node, gradient) => backward.GlobalAveragePool(node, gradient)),

        // The converter's caffe preprocessing and the ImageNet classifier: shapes only.
        new("Sub", ShapeRules.SameAsInput),
        new("Gather", ShapeRules.SameAsInput),
        new("Softmax", ShapeRules.SameAsInput),
        new("Gemm", ShapeRules.Gemm),
    }.ToFrozenDictionary(rule => rule.OpType, StringComparer.Ordinal);

    public static IEnumerable<TrainingOpRule> All => Rules.Values;

    /// <summary>The rule of <paramref name="opType"/>, or null for an op the training graphs do not know.</summary>
    public static TrainingOpRule? Find(string opType) => Rules.GetValueOrDefault(opType);
}
