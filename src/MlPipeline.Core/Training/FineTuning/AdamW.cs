using System.Numerics.Tensors;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// AdamW (Loshchilov and Hutter): Adam with weight decay decoupled from the gradient, updating the parameter arrays
/// in place. The arrays are the very memory ONNX Runtime reads its parameter inputs from, so an update needs no copy.
/// </summary>
/// <remarks>Chosen over SGD with momentum because its per-parameter step size copes with the folded
/// BatchNormalization scales, which make the backbone's convolution weights differ in magnitude from layer to layer.</remarks>
public sealed class AdamW
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private const int ChunkLength = 4096;

    private readonly float[][] parameters;
    private readonly float[][] firstMoments;
    private readonly float[][] secondMoments;
    private readonly float weightDecay;
    private int step;

    /// <summary>Prepares moments for the given parameter arrays.</summary>
    public AdamW(IReadOnlyList<float[]> parameters, float weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = [.. parameters];
        firstMoments = [.. parameters.Select(p => new float[p.Length])];
        secondMoments = [.. parameters.Select(p => new float[p.Length])];
        this.weightDecay = weightDecay;
    }

    /// <summary>Starts a step: advances the bias-correction counter once for all parameters.</summary>
    public void BeginStep() => step++;

    /// <summary>
    /// Updates parameter <paramref name="index"/> from its gradient at learning rate <paramref name="learningRate"/>.
    /// Different parameters may be updated concurrently.
    /// </summary>
    public void Update(int index, ReadOnlySpan<float> gradient, float learningRate)
    {
        var parameter = parameters[index].AsSpan();
        if (gradient.Length != parameter.Length)
        {
            throw new ArgumentException($"Gradient of {gradient.Length} values for a parameter of {parameter.Length}.", nameof(gradient));
        }

        // The update is ten vector passes; running them chunk by chunk keeps each chunk's five arrays in the core's
        // cache instead of streaming a 2.4M-value kernel through memory ten times.
        Span<float> scratch = stackalloc float[ChunkLength];
        var c1 = 1 - MathF.Pow(Beta1, step);
        var c2 = 1 - MathF.Pow(Beta2, step);
        for (var start = 0; start < parameter.Length; start += ChunkLength)
        {
            var length = Math.Min(ChunkLength, parameter.Length - start);
            Update(
                parameter.Slice(start, length),
                firstMoments[index].AsSpan(start, length),
                secondMoments[index].AsSpan(start, length),
                gradient.Slice(start, length),
                scratch[..length],
                learningRate,
                c1,
                c2);
        }
    }

    private void Update(Span<float> parameter, Span<float> m, Span<float> v, ReadOnlySpan<float> gradient, Span<float> g2, float learningRate, float c1, float c2)
    {
        // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2
        TensorPrimitives.Multiply(m, Beta1, m);
        TensorPrimitives.MultiplyAdd(gradient, 1 - Beta1, m, m);
        TensorPrimitives.Multiply(v, Beta2, v);
        TensorPrimitives.Multiply(gradient, gradient, g2);
        TensorPrimitives.MultiplyAdd(g2, 1 - Beta2, v, v);

        // p -= lr * (m / c1) / (sqrt(v / c2) + eps) + lr * wd * p, with c1, c2 the bias corrections.
        TensorPrimitives.Multiply(v, 1 / c2, g2);
        TensorPrimitives.Sqrt(g2, g2);
        TensorPrimitives.Add(g2, Epsilon, g2);
        TensorPrimitives.Divide(m, g2, g2);
        TensorPrimitives.Multiply(parameter, 1 - (learningRate * weightDecay), parameter);
        TensorPrimitives.MultiplyAdd(g2, -learningRate / c1, parameter, parameter);
    }
}
