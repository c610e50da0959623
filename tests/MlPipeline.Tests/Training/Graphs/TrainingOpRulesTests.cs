using MlPipeline.Core.Onnx;
using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>The registry of training-graph ops: an op one can train through has a PyTorch oracle.</summary>
public sealed class TrainingOpRulesTests
{
    [Fact]
    public void Every_op_with_a_backward_rule_is_trained_through_in_a_PyTorch_tiny_graph_fixture()
    {
        var trainedThrough = GradientFixtures.TinyCases()
            .SelectMany(tiny => ModelProto.Parser.ParseFrom(TinyNetwork.ToOnnx(tiny.InputShape, tiny.Layers)).Graph.Node)
            .Select(node => node.OpType)
            .ToHashSet(StringComparer.Ordinal);

        var untested = TrainingOpRules.All.Where(rule => rule.Backward is not null && !trainedThrough.Contains(rule.OpType)).Select(rule => rule.OpType);

        Assert.Empty(untested);
    }

    [Fact]
    public void The_fixtures_train_only_through_ops_the_registry_can_differentiate()
    {
        var ops = GradientFixtures.TinyCases()
            .SelectMany(tiny => ModelProto.Parser.ParseFrom(TinyNetwork.ToOnnx(tiny.InputShape, tiny.Layers)).Graph.Node)
            .Select(node => node.OpType)
            .Distinct(StringComparer.Ordinal);

        Assert.All(ops, op => Assert.NotNull(TrainingOpRules.Find(op)?.Backward));
    }

    [Fact]
    public void Training_a_graph_through_an_op_without_a_backward_rule_names_the_op_and_node()
    {
        var graph = new OnnxGraphBuilder("unsupported");
        graph.AddInput(BackboneGraph.Input, [1, 2, 2]);
        var conv = graph.AddNode("Conv", [BackboneGraph.Input, graph.AddInitializer("kernel", [1, 1, 1, 1], [1f])], "conv", OnnxGraphBuilder.Ints("kernel_shape", 1, 1));
        graph.AddNode("Softmax", [conv], "soft", OnnxGraphBuilder.Int("axis", 1));
        graph.AddNode("Flatten", ["soft"], BackboneGraph.Features, OnnxGraphBuilder.Int("axis", 1));
        graph.AddOutput(BackboneGraph.Features, [4]);

        var error = Assert.Throws<Core.MlPipelineException>(
            () => FineTuneGraphBuilder.BuildFrom(graph.ToModelBytes("test"), BackboneGraph.Input, new float[8], new float[2], 2, 0f));

        Assert.Contains("Softmax node ('soft')", error.Message, StringComparison.Ordinal);
    }
}
