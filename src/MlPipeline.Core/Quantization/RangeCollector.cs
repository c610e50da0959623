namespace MlPipeline.Core.Quantization;

/// <summary>
/// Accumulates one activation's values over the calibration images: the extremes, and a histogram of |x| whose
/// range doubles (merging bin pairs) whenever a larger value arrives, so no second pass over the images is needed.
/// </summary>
internal sealed class RangeCollector(CalibrationMethod method)
{
    /// <summary>The percentile of |x| that bounds a <see cref="CalibrationMethod.Percentile"/> range.</summary>
    public const double Percentile = 99.999;

    private const int Bins = 2048;

    private readonly long[] histogram = new long[Bins];
    private float top;
    private long count;

    /// <summary>The smallest value seen.</summary>
    public float Min { get; private set; } = float.PositiveInfinity;

    /// <summary>The largest value seen.</summary>
    public float Max { get; private set; } = float.NegativeInfinity;

    public void Add(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var min = System.Numerics.Tensors.TensorPrimitives.Min(values);
        var max = System.Numerics.Tensors.TensorPrimitives.Max(values);
        Min = MathF.Min(Min, min);
        Max = MathF.Max(Max, max);
        count += values.Length;
        if (method == CalibrationMethod.MinMax)
        {
            return;
        }

        var absMax = MathF.Max(MathF.Abs(min), MathF.Abs(max));
        if (top == 0)
        {
            top = absMax > 0 ? absMax : float.Epsilon;
        }

        while (absMax > top)
        {
            for (var i = 0; i < Bins / 2; i++)
            {
                histogram[i] = histogram[2 * i] + histogram[(2 * i) + 1];
            }

            Array.Clear(histogram, Bins / 2, Bins / 2);
            top *= 2;
        }

        var perBin = Bins / top;
        foreach (var v in values)
        {
            histogram[Math.Min((int)(MathF.Abs(v) * perBin), Bins - 1)]++;
        }
    }

    /// <summary>The range the method calls for; the percentile range never reaches past the extremes.</summary>
    public (float Min, float Max) Range()
    {
        if (count == 0)
        {
            throw new InvalidOperationException("No values were collected.");
        }

        if (method == CalibrationMethod.MinMax)
        {
            return (Min, Max);
        }

        var wanted = (long)Math.Ceiling(count * Percentile / 100);
        long seen = 0;
        var bin = 0;
        while (bin < Bins - 1 && (seen += histogram[bin]) < wanted)
        {
            bin++;
        }

        var threshold = (bin + 1) * top / Bins;
        return (MathF.Max(Min, -threshold), MathF.Min(Max, threshold));
    }
}
