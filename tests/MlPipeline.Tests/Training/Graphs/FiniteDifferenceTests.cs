using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>The training graph's gradients against central differences of the evaluation graph's loss: no fixture, no oracle.</summary>
public sealed class FiniteDifferenceTests
{
    private const int Classes = 3;
    private const float Step = 5e-3f;

    [Fact]
    public void Gradients_match_central_differences_of_the_loss()
    {
        var random = new Random(20261123);
        int[] inputShape = [2, 9, 9];
        TinyLayer[] layers =
        [
            Conv(random, "c1", "image", inputs: 2, filters: 4, kernel: 3, stride: 2, pads: [1, 1, 1, 1]),
            new("relu", "r1", ["c1"]),
            new("pad", "p1", ["r1"], Pads: [1, 1, 1, 1]),
            new("maxpool", "m1", ["p1"], Kernel: 3, Stride: 2),
            Conv(random, "c2", "m1", inputs: 4, filters: 4, kernel: 3, stride: 1, pads: [1, 1, 1, 1]),
            new("add", "a1", ["c2", "m1"]),
            new("relu", "r2", ["a1"]),
            Conv(random, "c3", "r2", inputs: 4, filters: 5, kernel: 1, stride: 2, pads: [0, 0, 0, 0]),
            new("gap", "pool", ["c3"]),
        ];
        var graphs = FineTuneGraphBuilder.BuildFrom(
            TinyNetwork.ToOnnx(inputShape, layers), "image", Values(random, 5 * Classes, 0.5), Values(random, Classes, 0.1), Classes, labelSmoothing: 0.1f);
        float[] image = Values(random, 2 * 2 * 9 * 9, 1.0);
        long[] labels = [2, 0];

        using var training = new GraphRunner(graphs.TrainingModel);
        using var evaluation = new GraphRunner(graphs.EvaluationModel);
        var outputs = training.Step(graphs, image, labels);
        var checkedCoordinates = 0;
        foreach (var parameter in graphs.Parameters)
        {
            foreach (var index in Enumerable.Range(0, 3).Select(_ => random.Next(parameter.Initial.Length)))
            {
                var values = graphs.Parameters.ToDictionary(p => p.Name, p => p.Initial.ToArray());
                values[parameter.Name][index] += Step;
                double plus = evaluation.Step(graphs, image, labels, values)[TrainingGraphNames.Loss][0];
                values[parameter.Name][index] -= 2 * Step;
                double minus = evaluation.Step(graphs, image, labels, values)[TrainingGraphNames.Loss][0];

                var numeric = (plus - minus) / (2 * Step);
                var analytic = outputs[parameter.GradientName][index];
                Assert.True(
                    Math.Abs(numeric - analytic) <= 2e-4 + (2e-2 * Math.Abs(analytic)),
                    $"{parameter.Name}[{index}]: graph {analytic:E4}, central difference {numeric:E4}");
                checkedCoordinates++;
            }
        }

        Assert.Equal(graphs.Parameters.Count * 3, checkedCoordinates);
    }

    private static TinyLayer Conv(Random random, string name, string input, int inputs, int filters, int kernel, int stride, int[] pads) =>
        new("conv", name, [input], kernel, stride, pads,
            [.. Values(random, filters * inputs * kernel * kernel, Math.Sqrt(2.0 / (inputs * kernel * kernel))).Select(value => (double)value)],
            [.. Values(random, filters, 0.1).Select(value => (double)value)]);

    private static float[] Values(Random random, int count, double scale) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(scale * ((random.NextDouble() * 2) - 1) * 1.7))];
}
