namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>Layout conversion for feeding Keras (NHWC) test inputs to the converted NCHW graphs.</summary>
internal static class TensorLayouts
{
    public static float[] NhwcToNchw(float[] nhwc, int batch, int height, int width, int channels)
    {
        var nchw = new float[nhwc.Length];
        var source = 0;
        for (var n = 0; n < batch; n++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        nchw[(((((n * channels) + c) * height) + y) * width) + x] = nhwc[source++];
                    }
                }
            }
        }

        return nchw;
    }

    /// <summary>Largest absolute difference, with the index where it occurs (for failure messages).</summary>
    public static (double Error, int Index) MaxAbsError(IReadOnlyList<float> actual, IReadOnlyList<float> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        var (error, index) = (0.0, 0);
        for (var i = 0; i < expected.Count; i++)
        {
            var difference = Math.Abs((double)actual[i] - expected[i]);
            if (difference > error || double.IsNaN(difference))
            {
                (error, index) = (double.IsNaN(difference) ? double.PositiveInfinity : difference, i);
            }
        }

        return (error, index);
    }
}
