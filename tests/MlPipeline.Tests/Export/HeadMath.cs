using MlPipeline.Core.Pipeline;

namespace MlPipeline.Tests.Export;

/// <summary>The head written out by hand in doubles, the reference both ML.NET and the ONNX graph are held to.</summary>
internal static class HeadMath
{
    public static float[] Probabilities(HeadParameters head, IReadOnlyList<float> features)
    {
        var normalized = features.Select((x, i) => ((double)x - head.Offset[i]) * head.Scale[i]).ToArray();
        var logits = Enumerable.Range(0, head.ClassCount)
            .Select(c => head.Biases[c] + normalized.Select((x, i) => x * head.Weights[(c * head.FeatureSize) + i]).Sum())
            .ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        return [.. exp.Select(e => (float)(e / exp.Sum()))];
    }
}
