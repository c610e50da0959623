using MlPipeline.Core.Backbones;
using MlPipeline.Core.Training.Graphs;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>
/// The last-stage training graph of the real ResNet-50 against PyTorch's autograd of the same sub-network, built by
/// scripts/gradients/make-gradient-fixtures.py from the Keras weights (BatchNormalization folded there, independently).
/// </summary>
[Trait("Tier", "Slow")]
[Collection(ResNet50Tests.Name)]
public sealed class ResNet50LastStageGradientTests(ResNet50Fixture fixture)
{
    private const double Tolerance = 1e-3;

    [Fact]
    public void Loss_logits_and_every_gradient_match_PyTorch_within_1e_3()
    {
        var golden = GradientFixtures.LastStage();
        var featureCount = 2048;

        // The same formulas as the fixture script (float64 maths, then float32), so no input file is committed.
        float[] activation = [.. Enumerable.Range(0, golden.ActivationShape.Aggregate(1, (product, dim) => product * dim)).Select(i => (float)(2.0 * Math.Max(0.0, Math.Sin(0.37 * i))))];
        float[] headWeight = [.. Enumerable.Range(0, featureCount * golden.Classes).Select(i => (float)(0.02 * Math.Cos(0.61 * i)))];
        float[] headBias = [.. Enumerable.Range(0, golden.Classes).Select(c => (float)(0.1 * c))];

        var graphs = FineTuneGraphBuilder.Build(File.ReadAllBytes(fixture.Backbone.OnnxPath), UnfreezeMode.LastStage, headWeight, headBias, golden.Classes, golden.LabelSmoothing);
        Assert.Equal(golden.ActivationShape[1..], graphs.ActivationShape);
        Assert.Equal(golden.Gradients.Keys.Order(), graphs.Parameters.Select(parameter => parameter.Name).Order());

        using var training = new GraphRunner(graphs.TrainingModel);
        var outputs = training.Step(graphs, activation, golden.Labels);

        GradientFixtures.AssertClose("loss", outputs[TrainingGraphNames.Loss], [golden.Loss], Tolerance);
        GradientFixtures.AssertClose("logits", outputs[TrainingGraphNames.Logits], golden.Logits, Tolerance);
        foreach (var parameter in graphs.Parameters)
        {
            var expected = golden.Gradients[parameter.Name];
            var gradient = outputs[parameter.GradientName];
            Assert.Equal(expected.Shape, parameter.Shape);
            GradientFixtures.AssertClose($"{parameter.GradientName} at {expected.Indices.Length} samples", [.. expected.Indices.Select(i => gradient[i])], expected.Values, Tolerance);
            var norm = Math.Sqrt(gradient.Sum(value => (double)value * value));
            GradientFixtures.AssertClose($"{parameter.GradientName} norm", [(float)norm], [expected.Norm], Tolerance);
        }
    }
}
