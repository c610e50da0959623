using MlPipeline.Core.Backbones;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Training.Graphs;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>The training graphs of the real ResNet-50: the frozen part, the trained part and the written backbone agree.</summary>
[Trait("Tier", "Slow")]
[Collection(ResNet50Tests.Name)]
public sealed class ResNet50TrainingGraphTests(ResNet50Fixture fixture)
{
    private const int Classes = 5;
    private const int Features = 2048;

    [Fact]
    public void The_written_backbone_gives_the_features_the_training_graph_computed()
    {
        var backbone = File.ReadAllBytes(fixture.Backbone.OnnxPath);
        var (weight, bias) = Head();
        var graphs = FineTuneGraphBuilder.Build(backbone, UnfreezeMode.LastStage, weight, bias, Classes, labelSmoothing: 0.1f);
        Assert.Equal([1024, 14, 14], graphs.ActivationShape);
        Assert.Equal((10 * 2) + 2, graphs.Parameters.Count); // res5a-c have 10 convs, each a weight and a bias, then the head.

        // Fine-tuned values: every backbone parameter moved (the head keeps its own), so a backbone written with the old values would fail.
        var tuned = graphs.Parameters.Where(parameter => parameter.Group == ParameterGroup.Backbone).ToDictionary(
            parameter => parameter.Name,
            parameter => parameter.Initial.Select((value, i) => value * (1f + (0.05f * MathF.Sin(i)))).ToArray());
        var image = Pixels(2);
        long[] labels = [1, 3];

        using var frozen = new GraphRunner(graphs.FrozenModel!);
        var activation = frozen.Run(new Dictionary<string, (float[], int[])> { [BackboneGraph.Input] = (image, [2, 3, 224, 224]) })[TrainingGraphNames.Activation];
        using var evaluation = new GraphRunner(graphs.EvaluationModel);
        var expectedLogits = evaluation.Step(graphs, activation, labels, tuned)[TrainingGraphNames.Logits];

        using var written = new GraphRunner(graphs.WriteBackbone(tuned));
        var features = written.Run(new Dictionary<string, (float[], int[])> { [BackboneGraph.Input] = (image, [2, 3, 224, 224]) })[BackboneGraph.Features];
        var logits = Enumerable.Range(0, 2 * Classes)
            .Select(k => bias[k % Classes] + Enumerable.Range(0, Features).Sum(f => features[((k / Classes) * Features) + f] * weight[(f * Classes) + (k % Classes)]))
            .ToArray();

        for (var k = 0; k < logits.Length; k++)
        {
            Assert.Equal(expectedLogits[k], logits[k], 1e-3f * (1f + Math.Abs(expectedLogits[k])));
        }
    }

    [Fact]
    public void Every_layer_trains_from_the_image_with_the_evaluation_graphs_loss()
    {
        var (weight, bias) = Head();
        var graphs = FineTuneGraphBuilder.Build(File.ReadAllBytes(fixture.Backbone.OnnxPath), UnfreezeMode.All, weight, bias, Classes, labelSmoothing: 0f);
        Assert.Null(graphs.FrozenModel);
        Assert.Equal([3, 224, 224], graphs.ActivationShape);
        Assert.Equal((53 * 2) + 2, graphs.Parameters.Count); // ResNet-50 has 53 convs (49 + 4 projection shortcuts).

        var image = Pixels(2);
        long[] labels = [0, 4];
        using var evaluation = new GraphRunner(graphs.EvaluationModel);
        using var training = new GraphRunner(graphs.TrainingModel);
        var evaluated = evaluation.Step(graphs, image, labels);
        var trained = training.Step(graphs, image, labels);

        Assert.Equal(evaluated[TrainingGraphNames.Loss][0], trained[TrainingGraphNames.Loss][0], 1e-5f);
        Assert.Equal(evaluated[TrainingGraphNames.Logits], trained[TrainingGraphNames.Logits]);
        foreach (var parameter in graphs.Parameters)
        {
            var gradient = trained[parameter.GradientName];
            Assert.Equal(parameter.Initial.Length, gradient.Length);
            Assert.All(gradient, value => Assert.True(float.IsFinite(value)));
            Assert.Contains(gradient, value => value != 0f);
        }
    }

    private static (float[] Weight, float[] Bias) Head() =>
        ([.. Enumerable.Range(0, Features * Classes).Select(i => 0.02f * MathF.Cos(i * 0.61f))], [.. Enumerable.Range(0, Classes).Select(c => 0.1f * c)]);

    private static float[] Pixels(int count) =>
        [.. Enumerable.Range(0, count * 3 * 224 * 224).Select(i => 127.5f + (127.5f * MathF.Sin(i * 0.013f)))];
}
