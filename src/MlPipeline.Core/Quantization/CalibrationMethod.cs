namespace MlPipeline.Core.Quantization;

/// <summary>How an activation's calibrated values become its quantization range.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen: nothing clips, rare outliers cost resolution.</summary>
    MinMax,

    /// <summary>
    /// The 99.999th percentile of |x| bounds both ends (never wider than min-max): the few outliers clip, the
    /// bulk of the values gets finer steps.
    /// </summary>
    Percentile,

    /// <summary>
    /// The |x| threshold whose clipped, 128-level version of the histogram is closest to the full one in KL
    /// divergence (TensorRT's entropy calibration, also ONNX Runtime's): clips where the tail carries little
    /// information, measured on the data instead of fixed at a percentile.
    /// </summary>
    Entropy,
}
