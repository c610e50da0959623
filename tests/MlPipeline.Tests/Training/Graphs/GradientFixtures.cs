using System.Text.Json;
using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>A tiny network with PyTorch's loss, logits and full gradients (Fixtures/gradients/tiny-graphs.json).</summary>
public sealed record TinyCase(
    string Name, int[] InputShape, double[] Input, TinyLayer[] Layers, int Classes, long[] Labels, float LabelSmoothing,
    double[] HeadWeight, double[] HeadBias, double Loss, double[] Logits, Dictionary<string, double[]> Gradients)
{
    public override string ToString() => Name;
}

/// <summary>PyTorch's sampled gradient of one last-stage tensor: its L2 norm and the values at fixed flat indices.</summary>
public sealed record SampledGradient(int[] Shape, double Norm, double Sum, int[] Indices, double[] Values);

/// <summary>PyTorch's loss, logits and sampled gradients of ResNet-50's last stage (Fixtures/gradients/resnet50-last-stage.json).</summary>
public sealed record LastStageCase(
    int[] ActivationShape, int Classes, long[] Labels, float LabelSmoothing, double Loss, double[] Logits, Dictionary<string, SampledGradient> Gradients);

/// <summary>Reads the fixtures written by scripts/gradients/make-gradient-fixtures.py and compares tensors with them.</summary>
internal static class GradientFixtures
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record TinyFile(TinyCase[] Cases);

    public static IReadOnlyList<TinyCase> TinyCases() =>
        JsonSerializer.Deserialize<TinyFile>(File.ReadAllText(PathOf("tiny-graphs.json")), Options)!.Cases;

    public static LastStageCase LastStage() =>
        JsonSerializer.Deserialize<LastStageCase>(File.ReadAllText(PathOf("resnet50-last-stage.json")), Options)!;

    /// <summary>||actual - expected|| / ||expected||, the per-tensor relative error the tests bound.</summary>
    public static double RelativeError(IReadOnlyList<float> actual, IReadOnlyList<double> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        var (difference, reference) = (0.0, 0.0);
        for (var i = 0; i < expected.Count; i++)
        {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            reference += expected[i] * expected[i];
        }

        return Math.Sqrt(difference / reference);
    }

    public static void AssertClose(string what, IReadOnlyList<float> actual, IReadOnlyList<double> expected, double tolerance)
    {
        var error = RelativeError(actual, expected);
        Assert.True(error < tolerance, $"{what}: relative error {error:E2} exceeds {tolerance:E0}");
    }

    /// <summary>Builds the training graphs of a tiny case, training every layer.</summary>
    public static FineTuneGraphs Graphs(TinyCase tiny, string firstTrainable = "image") =>
        FineTuneGraphBuilder.BuildFrom(
            TinyNetwork.ToOnnx(tiny.InputShape, tiny.Layers), firstTrainable, Floats(tiny.HeadWeight), Floats(tiny.HeadBias), tiny.Classes, tiny.LabelSmoothing);

    public static float[] Floats(IEnumerable<double> values) => [.. values.Select(value => (float)value)];

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "gradients", name);
}
