namespace MlPipeline.Core.Quantization;

/// <summary>
/// The arithmetic of static int8 quantization, following ONNX Runtime's quantization tools (quant_utils.py) so a
/// model quantized here is what its tools would make: ranges always include 0 (so zero padding and ReLU's zero are
/// exact), weights are symmetric per output channel in [-127, 127] (a symmetric -128 would have no positive twin),
/// and biases are int32 at the scale input × weight, the scale the integer accumulator already has.
/// </summary>
internal static class QuantizationMath
{
    /// <summary>The integer range of an activation type.</summary>
    public static (int Min, int Max) Range(ActivationType type) => type == ActivationType.U8 ? (0, 255) : (-128, 127);

    /// <summary>Scale and zero point that map [<paramref name="min"/>, <paramref name="max"/>] (widened to hold 0) onto the type's range.</summary>
    public static QuantizationParameters Activation(float min, float max, ActivationType type)
    {
        var (qmin, qmax) = Range(type);
        min = MathF.Min(min, 0);
        max = MathF.Max(max, 0);
        var scale = (max - min) / (qmax - qmin);
        if (!(scale > 0) || !float.IsFinite(scale))
        {
            // An all-zero tensor: any scale represents it exactly; 1 is what ONNX Runtime's tools pick.
            return new QuantizationParameters(1f, 0);
        }

        var zeroPoint = (int)MathF.Round(qmin - (min / scale), MidpointRounding.ToEven);
        return new QuantizationParameters(scale, Math.Clamp(zeroPoint, qmin, qmax));
    }

    /// <summary>
    /// Quantizes a weight tensor whose first dimension is the output channel: one symmetric scale per channel,
    /// <c>2 · max|w| / 254</c>, zero point 0.
    /// </summary>
    public static (sbyte[] Values, float[] Scales) WeightsPerChannel(float[] weights, int channels)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (channels <= 0 || weights.Length % channels != 0)
        {
            throw new ArgumentException($"{weights.Length} weights do not split into {channels} channels.", nameof(weights));
        }

        var perChannel = weights.Length / channels;
        var values = new sbyte[weights.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var slice = weights.AsSpan(c * perChannel, perChannel);
            var absMax = 0f;
            foreach (var w in slice)
            {
                absMax = MathF.Max(absMax, MathF.Abs(w));
            }

            var scale = (absMax - -absMax) / 254f;
            scale = scale > 0 ? scale : 1f;
            scales[c] = scale;
            for (var i = 0; i < perChannel; i++)
            {
                values[(c * perChannel) + i] = (sbyte)Math.Clamp(MathF.Round(slice[i] / scale, MidpointRounding.ToEven), -127f, 127f);
            }
        }

        return (values, scales);
    }

    /// <summary>Quantizes a bias to int32 at scale <c>inputScale · weightScales[c]</c> per channel, zero point 0.</summary>
    public static (int[] Values, float[] Scales) Bias(float[] bias, float inputScale, float[] weightScales)
    {
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(weightScales);
        var values = new int[bias.Length];
        var scales = new float[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            values[c] = (int)Math.Clamp(Math.Round(bias[c] / scales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }

        return (values, scales);
    }
}
