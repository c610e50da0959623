using MlPipeline.Core;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>Cutting a backbone: the frozen part, the trained part and the backbone written back fit together.</summary>
public sealed class TrainablePartTests
{
    private static readonly TinyCase Residual = GradientFixtures.TinyCases().Single(tiny => tiny.Name == "residual_fan_out");

    [Fact]
    public void Frozen_part_then_evaluation_graph_equals_the_written_backbone_then_the_head()
    {
        var graphs = GradientFixtures.Graphs(Residual, firstTrainable: "r1");
        Assert.NotNull(graphs.FrozenModel);
        Assert.Equal([6, 3, 3], graphs.ActivationShape);
        Assert.Equal(["c2a/kernel", "c2a/bias", "c2b/kernel", "c2b/bias", TrainingGraphNames.HeadWeight, TrainingGraphNames.HeadBias], graphs.Parameters.Select(p => p.Name));

        var tuned = graphs.Parameters.Where(p => p.Group == ParameterGroup.Backbone).ToDictionary(p => p.Name, p => p.Initial.Select(value => value + 0.05f).ToArray());
        var image = GradientFixtures.Floats(Residual.Input);
        int[] imageShape = [Residual.Labels.Length, .. Residual.InputShape];

        using var frozen = new GraphRunner(graphs.FrozenModel);
        var activation = frozen.Run(new Dictionary<string, (float[], int[])> { [BackboneGraph.Input] = (image, imageShape) })[TrainingGraphNames.Activation];
        using var evaluation = new GraphRunner(graphs.EvaluationModel);
        var logits = evaluation.Step(graphs, activation, Residual.Labels, tuned)[TrainingGraphNames.Logits];

        using var written = new GraphRunner(graphs.WriteBackbone(tuned));
        var features = written.Run(new Dictionary<string, (float[], int[])> { [BackboneGraph.Input] = (image, imageShape) })[BackboneGraph.Features];
        var head = graphs.Parameters[^2].Initial;
        var bias = graphs.Parameters[^1].Initial;
        for (var k = 0; k < logits.Length; k++)
        {
            var (n, c) = (k / Residual.Classes, k % Residual.Classes);
            var expected = bias[c] + Enumerable.Range(0, 6).Sum(f => features[(n * 6) + f] * head[(f * Residual.Classes) + c]);
            Assert.Equal(expected, logits[k], 1e-5f);
        }
    }

    [Fact]
    public void Training_from_a_cut_gives_the_same_gradients_as_training_everything()
    {
        var whole = GradientFixtures.Graphs(Residual);
        var cut = GradientFixtures.Graphs(Residual, firstTrainable: "r1");
        var image = GradientFixtures.Floats(Residual.Input);
        int[] imageShape = [Residual.Labels.Length, .. Residual.InputShape];

        using var frozen = new GraphRunner(cut.FrozenModel!);
        var activation = frozen.Run(new Dictionary<string, (float[], int[])> { [BackboneGraph.Input] = (image, imageShape) })[TrainingGraphNames.Activation];
        using var wholeTraining = new GraphRunner(whole.TrainingModel);
        using var cutTraining = new GraphRunner(cut.TrainingModel);
        var expected = wholeTraining.Step(whole, image, Residual.Labels);
        var actual = cutTraining.Step(cut, activation, Residual.Labels);

        Assert.Equal(expected[TrainingGraphNames.Loss][0], actual[TrainingGraphNames.Loss][0], 1e-6f);
        foreach (var parameter in cut.Parameters)
        {
            GradientFixtures.AssertClose(parameter.Name, actual[parameter.GradientName], [.. expected[parameter.GradientName].Select(value => (double)value)], 1e-6);
        }
    }

    [Fact]
    public void A_cut_that_a_skip_connection_crosses_is_refused()
    {
        // r0 feeds both add1's branches; cutting at r2a leaves b1 (which reads r0) outside the trained part.
        var error = Assert.Throws<MlPipelineException>(() => GradientFixtures.Graphs(Residual, firstTrainable: "r2a"));
        Assert.Equal(ExitCode.BackboneError, error.ExitCode);
        Assert.Contains("'b1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LastStage_needs_a_backbone_that_names_its_last_stage()
    {
        var spec = BackboneCatalog.ResNet50.Architecture with { Name = "local", LastStageInput = null };
        var error = Assert.Throws<MlPipelineException>(
            () => FineTuneGraphBuilder.Build(TinyNetwork.ToOnnx(Residual.InputShape, Residual.Layers), spec, UnfreezeMode.LastStage, new float[18], new float[3], 3, 0f));
        Assert.Equal(ExitCode.BackboneError, error.ExitCode);
    }
}
