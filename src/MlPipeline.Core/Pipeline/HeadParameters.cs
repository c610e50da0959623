using System.Collections.Immutable;
using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace MlPipeline.Core.Pipeline;

/// <summary>
/// The fitted numbers of the classifier head, read from ML.NET's public model parameters: the affine normalizer
/// (min-max or mean-variance, both stored as ML.NET's affine parameters),
/// which computes <c>(x - offset) * scale</c> per feature, and the maximum-entropy model, whose probabilities are
/// <c>softmax(weights · x + biases)</c>.
/// </summary>
/// <param name="Scale">Normalizer scale per feature.</param>
/// <param name="Offset">Normalizer offset per feature (ML.NET stores none when all are zero; then zeros).</param>
/// <param name="Weights">Row-major [classes, features] weights.</param>
/// <param name="Biases">One bias per class.</param>
internal sealed record HeadParameters(float[] Scale, float[] Offset, float[] Weights, float[] Biases)
{
    public int FeatureSize => Scale.Length;

    public int ClassCount => Biases.Length;

    /// <summary>
    /// The head as one dense layer on raw features, the normalizer folded in: <c>W·((x - offset)·scale) + b</c> is
    /// <c>(W·scale)·x + (b - W·(offset·scale))</c>. Weight row-major [features, classes], the layout the training graphs take.
    /// </summary>
    public (float[] Weight, float[] Bias) ToDense()
    {
        var weight = new float[FeatureSize * ClassCount];
        var bias = (float[])Biases.Clone();
        for (var c = 0; c < ClassCount; c++)
        {
            for (var f = 0; f < FeatureSize; f++)
            {
                var w = Weights[(c * FeatureSize) + f] * Scale[f];
                weight[(f * ClassCount) + c] = w;
                bias[c] -= w * Offset[f];
            }
        }

        return (weight, bias);
    }

    /// <summary>The class probabilities for one image's features, computed as ML.NET's head computes them.</summary>
    public float[] Probabilities(ReadOnlySpan<float> features)
    {
        return Softmax(Logits(features), 1);
    }

    /// <summary>softmax(logits / temperature), computed without overflow however large the logits.</summary>
    /// <remarks>TensorPrimitives.SoftMax exponentiates the raw values, which overflows to NaN above about 88.</remarks>
    public static float[] Softmax(ReadOnlySpan<float> logits, double temperature)
    {
        var max = TensorPrimitives.Max(logits);
        var result = new float[logits.Length];
        for (var i = 0; i < logits.Length; i++)
        {
            result[i] = (float)((logits[i] - max) / temperature);
        }

        TensorPrimitives.Exp(result, result);
        TensorPrimitives.Divide(result, TensorPrimitives.Sum(result), result);
        return result;
    }

    /// <summary>The index of the largest value; ties go to the first, as in the evaluation.</summary>
    public static int ArgMax(ReadOnlySpan<float> values) => TensorPrimitives.IndexOfMax(values);

    /// <summary>The head's logits for one image's features: <c>W·((x - offset)·scale) + b</c>, before the softmax.</summary>
    public float[] Logits(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureSize)
        {
            throw new ArgumentException($"Expected {FeatureSize} features, got {features.Length}.", nameof(features));
        }

        var scaled = new float[FeatureSize];
        TensorPrimitives.Subtract(features, Offset, scaled);
        TensorPrimitives.Multiply(scaled, Scale, scaled);
        var logits = new float[ClassCount];
        for (var c = 0; c < ClassCount; c++)
        {
            logits[c] = TensorPrimitives.Dot(Weights.AsSpan(c * FeatureSize, FeatureSize), scaled) + Biases[c];
        }

        return logits;
    }

    /// <summary>Finds the normalizer and the maximum-entropy model anywhere in a (nested) transformer chain.</summary>
    /// <exception cref="MlPipelineException">The chain lacks either, or they are not the kinds the tool trains.</exception>
    public static HeadParameters From(ITransformer model)
    {
        var transformers = Flatten(model).ToList();
        var normalizer = transformers.OfType<NormalizingTransformer>().SingleOrDefault()?.GetNormalizerModelParameters(0)
            as NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>
            ?? throw Unsupported("no affine (min-max or mean-variance) feature normalizer");
        var classifier = transformers.OfType<IPredictionTransformer<object>>().Select(t => t.Model).OfType<MaximumEntropyModelParameters>().SingleOrDefault()
            ?? throw Unsupported("no maximum-entropy classifier");

        VBuffer<float>[] rows = [];
        classifier.GetWeights(ref rows, out var classCount);
        var scale = normalizer.Scale.ToArray();
        var offset = normalizer.Offset.IsDefaultOrEmpty ? new float[scale.Length] : [.. normalizer.Offset];
        var weights = rows.Take(classCount).SelectMany(row => row.DenseValues()).ToArray();
        var biases = classifier.GetBiases().ToArray();
        if (offset.Length != scale.Length || biases.Length != classCount || weights.Length != classCount * scale.Length)
        {
            throw Unsupported($"inconsistent head sizes (scale {scale.Length}, offset {offset.Length}, weights {weights.Length}, classes {classCount})");
        }

        return new HeadParameters(scale, offset, weights, biases);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private static MlPipelineException Unsupported(string what) =>
        new(ExitCode.ModelError, $"The model's classifier head is not the kind this tool trains: {what}.");
}
