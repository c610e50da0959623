using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>Each op kind's backward rule, against PyTorch's autograd on a tiny network (fixtures from scripts/gradients).</summary>
public sealed class TinyGraphGradientTests
{
    // float32 ONNX Runtime against float64 PyTorch: rounding alone stays around 1e-6.
    private const double Tolerance = 1e-4;

    public static TheoryData<string> CaseNames() => [.. GradientFixtures.TinyCases().Select(tiny => tiny.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradients_match_PyTorch(string name)
    {
        var tiny = GradientFixtures.TinyCases().Single(tiny => tiny.Name == name);
        var graphs = GradientFixtures.Graphs(tiny);
        Assert.Equal(tiny.Gradients.Keys.Order(), graphs.Parameters.Select(parameter => parameter.Name).Order());

        using var training = new GraphRunner(graphs.TrainingModel);
        var outputs = training.Step(graphs, GradientFixtures.Floats(tiny.Input), tiny.Labels);

        GradientFixtures.AssertClose("loss", outputs[TrainingGraphNames.Loss], [tiny.Loss], Tolerance);
        GradientFixtures.AssertClose("logits", outputs[TrainingGraphNames.Logits], tiny.Logits, Tolerance);
        foreach (var parameter in graphs.Parameters)
        {
            GradientFixtures.AssertClose(parameter.GradientName, outputs[parameter.GradientName], tiny.Gradients[parameter.Name], Tolerance);
        }
    }
}
