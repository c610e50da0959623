namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>The inference-time parameters of a Keras BatchNormalization layer over <c>channels</c> channels.</summary>
internal sealed record BatchNormParameters(float[] Gamma, float[] Beta, float[] Mean, float[] Variance, float Epsilon)
{
    /// <summary>Reads the layer's weights; Keras omits gamma when scale=false and beta when center=false.</summary>
    public static BatchNormParameters Read(KerasLayer layer, KerasWeights weights, int channels) => new(
        layer.GetBool("scale", fallback: true) ? weights.Get(layer, "gamma", channels).Data : Filled(channels, 1f),
        layer.GetBool("center", fallback: true) ? weights.Get(layer, "beta", channels).Data : Filled(channels, 0f),
        weights.Get(layer, "moving_mean", channels).Data,
        weights.Get(layer, "moving_variance", channels).Data,
        (float)layer.GetDouble("epsilon"));

    /// <summary>
    /// The per-channel affine map y = x * scale + shift that this normalization computes, evaluated in double
    /// precision so that folding it into a convolution adds no rounding beyond the final float conversion.
    /// </summary>
    public (double[] Scale, double[] Shift) AsAffine()
    {
        var scale = new double[Gamma.Length];
        var shift = new double[Gamma.Length];
        for (var c = 0; c < scale.Length; c++)
        {
            scale[c] = Gamma[c] / Math.Sqrt((double)Variance[c] + Epsilon);
            shift[c] = Beta[c] - (Mean[c] * scale[c]);
        }

        return (scale, shift);
    }

    private static float[] Filled(int count, float value) => [.. Enumerable.Repeat(value, count)];
}
