namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>Rearranges and folds Keras Conv2D weights into the form ONNX Conv expects.</summary>
internal static class ConvolutionWeights
{
    /// <summary>Transposes a Keras kernel [kh, kw, in, out] (HWIO) to ONNX's [out, in, kh, kw] (OIHW).</summary>
    public static float[] HwioToOihw(float[] hwio, int kernelHeight, int kernelWidth, int inChannels, int outChannels)
    {
        var oihw = new float[hwio.Length];
        var source = 0;
        for (var y = 0; y < kernelHeight; y++)
        {
            for (var x = 0; x < kernelWidth; x++)
            {
                for (var i = 0; i < inChannels; i++)
                {
                    for (var o = 0; o < outChannels; o++)
                    {
                        oihw[(((((o * inChannels) + i) * kernelHeight) + y) * kernelWidth) + x] = hwio[source++];
                    }
                }
            }
        }

        return oihw;
    }

    /// <summary>
    /// Folds a BatchNormalization that directly follows the convolution into its OIHW kernel and bias, in place:
    /// BN(conv(x) + b) = conv(x) * scale + (b * scale + shift), and conv(x) * scale is conv with a scaled kernel.
    /// </summary>
    public static void FoldBatchNorm(float[] oihw, float[] bias, BatchNormParameters batchNorm)
    {
        var (scale, shift) = batchNorm.AsAffine();
        var perOutput = oihw.Length / bias.Length;
        for (var o = 0; o < bias.Length; o++)
        {
            foreach (ref var weight in oihw.AsSpan(o * perOutput, perOutput))
            {
                weight = (float)(weight * scale[o]);
            }

            bias[o] = (float)((bias[o] * scale[o]) + shift[o]);
        }
    }
}
