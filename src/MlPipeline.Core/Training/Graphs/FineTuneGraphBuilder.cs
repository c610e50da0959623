using MlPipeline.Core.Backbones;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// Builds the graphs that fine-tune a backbone on ONNX Runtime: the backward pass is derived from the converted
/// ONNX forward graph itself (the graph that ships in the model zip), op by op. That graph already has each
/// BatchNormalization folded into its Conv as a frozen inference-mode affine, as Keras advises for fine-tuning, so
/// the trainable backbone parameters are the folded Conv weights and biases, and writing the fine-tuned backbone
/// back is replacing initializers. Any local ONNX backbone made of the supported ops is fine-tunable the same way.
/// </summary>
public static class FineTuneGraphBuilder
{
    /// <summary>Builds the graphs for the catalog's default backbone (ResNet-50, whose last stage its spec names).</summary>
    /// <param name="backboneOnnx">The converted backbone: input <c>image</c>, output <c>features</c>.</param>
    /// <param name="mode">LastStage or All; None has no training graph.</param>
    /// <param name="headWeight">The head's starting weight, row-major [features, classes].</param>
    /// <param name="headBias">The head's starting bias [classes].</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1).</param>
    /// <returns>The frozen, training and evaluation graphs and the parameters.</returns>
    public static FineTuneGraphs Build(byte[] backboneOnnx, UnfreezeMode mode, float[] headWeight, float[] headBias, int classCount, float labelSmoothing) =>
        Build(backboneOnnx, BackboneCatalog.Default.Architecture, mode, headWeight, headBias, classCount, labelSmoothing);

    /// <summary>Builds the graphs for a backbone described by <paramref name="spec"/>.</summary>
    /// <param name="backboneOnnx">The converted backbone: input <c>image</c>, output <c>features</c>.</param>
    /// <param name="spec">The backbone's spec, which says where its last stage starts.</param>
    /// <param name="mode">LastStage or All; None has no training graph.</param>
    /// <param name="headWeight">The head's starting weight, row-major [features, classes].</param>
    /// <param name="headBias">The head's starting bias [classes].</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1).</param>
    /// <returns>The frozen, training and evaluation graphs and the parameters.</returns>
    public static FineTuneGraphs Build(
        byte[] backboneOnnx, BackboneArchitecture spec, UnfreezeMode mode, float[] headWeight, float[] headBias, int classCount, float labelSmoothing)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var firstTrainable = mode switch
        {
            UnfreezeMode.All => BackboneGraph.Input,
            UnfreezeMode.LastStage => spec.LastStageInput
                ?? throw new MlPipelineException(ExitCode.BackboneError, $"Backbone '{spec.Name}' does not say where its last stage starts; use --unfreeze all or none."),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Only LastStage and All have training graphs."),
        };
        return BuildFrom(backboneOnnx, firstTrainable, headWeight, headBias, classCount, labelSmoothing);
    }

    /// <summary>
    /// Builds the graphs that train everything computed from the value <paramref name="firstTrainable"/> on
    /// (<c>image</c> trains every layer).
    /// </summary>
    /// <param name="backboneOnnx">The converted backbone: input <c>image</c>, output <c>features</c>.</param>
    /// <param name="firstTrainable">The value of the backbone graph that enters the trainable part.</param>
    /// <param name="headWeight">The head's starting weight, row-major [features, classes].</param>
    /// <param name="headBias">The head's starting bias [classes].</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="labelSmoothing">Label smoothing in [0, 1).</param>
    /// <returns>The frozen, training and evaluation graphs and the parameters.</returns>
    public static FineTuneGraphs BuildFrom(byte[] backboneOnnx, string firstTrainable, float[] headWeight, float[] headBias, int classCount, float labelSmoothing)
    {
        ArgumentNullException.ThrowIfNull(backboneOnnx);
        ArgumentNullException.ThrowIfNull(headWeight);
        ArgumentNullException.ThrowIfNull(headBias);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (!(labelSmoothing is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1).");
        }

        var forward = ForwardGraph.Parse(backboneOnnx);
        var cut = TrainablePart.Find(forward, ForwardGraph.ValueName(firstTrainable), BackboneGraph.Features);
        var featureCount = forward.ShapeOf(BackboneGraph.Features) is [var count] ? count : throw new MlPipelineException(ExitCode.BackboneError, "The backbone's features are not a vector.");
        if (headWeight.Length != featureCount * classCount || headBias.Length != classCount)
        {
            throw new ArgumentException($"The head must be [{featureCount}, {classCount}] and [{classCount}]; got {headWeight.Length} and {headBias.Length} values.", nameof(headWeight));
        }

        List<TrainableParameter> parameters =
        [
            .. cut.Parameters.Select(name =>
            {
                var tensor = forward.Initializer(name);
                return new TrainableParameter(name, [.. tensor.Dims.Select(dim => checked((int)dim))], ForwardGraph.ReadFloats(tensor), ParameterGroup.Backbone);
            }),
            new(TrainingGraphNames.HeadWeight, [featureCount, classCount], [.. headWeight], ParameterGroup.Head),
            new(TrainingGraphNames.HeadBias, [classCount], [.. headBias], ParameterGroup.Head),
        ];

        return new FineTuneGraphs(
            backboneOnnx,
            cut.IsWholeGraph ? null : cut.WriteFrozenModel(),
            forward.ShapeOf(cut.FirstTrainable),
            WriteGraph(forward, cut, parameters, classCount, labelSmoothing, withGradients: true),
            WriteGraph(forward, cut, parameters, classCount, labelSmoothing, withGradients: false),
            parameters);
    }

    private static byte[] WriteGraph(
        ForwardGraph forward, TrainablePart cut, IReadOnlyList<TrainableParameter> parameters, int classCount, float labelSmoothing, bool withGradients)
    {
        var writer = new TrainingGraphWriter(withGradients ? "training" : "evaluation");
        var graph = writer.Graph;
        graph.AddInput(TrainingGraphNames.Activation, forward.ShapeOf(cut.FirstTrainable));
        graph.AddBatchInput(TrainingGraphNames.Labels, TensorProto.Types.DataType.Int64);
        foreach (var parameter in parameters)
        {
            graph.AddFixedInput(parameter.Name, parameter.Shape);
        }

        writer.AddNode("Identity", [TrainingGraphNames.Activation], cut.FirstTrainable);
        var nodes = cut.Nodes.Select(node => withGradients ? WithAddedOutputs(node) : node).ToList();
        foreach (var node in nodes)
        {
            graph.AddNode(node);
        }

        foreach (var constant in cut.Constants)
        {
            graph.AddInitializer(forward.Initializer(constant));
        }

        var head = HeadLossGraph.WriteForward(writer, BackboneGraph.Features, classCount, labelSmoothing);
        graph.AddFixedOutput(TrainingGraphNames.Loss, []);
        graph.AddOutput(TrainingGraphNames.Logits, [classCount]);
        if (!withGradients)
        {
            return graph.ToModelBytes("Fine-tuning evaluation graph built by MlPipeline.");
        }

        var featuresGradient = HeadLossGraph.WriteBackward(writer, BackboneGraph.Features, head);
        BackwardGraph.Write(forward, writer, nodes, cut.Parameters, BackboneGraph.Features, featuresGradient);
        foreach (var parameter in parameters)
        {
            graph.AddFixedOutput(parameter.GradientName, parameter.Shape);
        }

        return graph.ToModelBytes("Fine-tuning training graph built by MlPipeline.");
    }

    /// <summary>
    /// A backward rule may read optional outputs of its forward node (MaxPool's positions of the maxima), which the
    /// training graph's copy gains unless the backbone already wrote them.
    /// </summary>
    private static NodeProto WithAddedOutputs(NodeProto node)
    {
        var added = TrainingOpRules.Find(node.OpType)?.AddedOutputs ?? [];
        if (added.Length == 0 || node.Output.Count > added.Length)
        {
            return node;
        }

        var withOutputs = node.Clone();
        withOutputs.Output.AddRange(added.Select(suffix => $"{node.Output[0]}/{suffix}"));
        return withOutputs;
    }
}
