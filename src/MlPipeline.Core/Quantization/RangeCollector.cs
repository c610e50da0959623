namespace MlPipeline.Core.Quantization;

/// <summary>
/// Accumulates one activation's values over the calibration images: the extremes, and a histogram of |x| whose
/// range doubles (merging bin pairs) whenever a larger value arrives, so no second pass over the images is needed.
/// </summary>
internal sealed class RangeCollector(CalibrationMethod method)
{
    /// <summary>The percentile of |x| that bounds a <see cref="CalibrationMethod.Percentile"/> range.</summary>
    public const double Percentile = 99.999;

    /// <summary>Integer levels the entropy search rounds to: 128, as TensorRT and ONNX Runtime's tools use for |x|.</summary>
    public const int EntropyLevels = 128;

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

    /// <summary>The range the method calls for; percentile and entropy ranges never reach past the extremes.</summary>
    public (float Min, float Max) Range()
    {
        if (count == 0)
        {
            throw new InvalidOperationException("No values were collected.");
        }

        var bins = method switch
        {
            CalibrationMethod.MinMax => 0,
            CalibrationMethod.Percentile => PercentileBins(),
            _ => EntropyBins(histogram, EntropyLevels),
        };
        if (bins == 0)
        {
            return (Min, Max);
        }

        var threshold = bins * top / Bins;
        return (MathF.Max(Min, -threshold), MathF.Min(Max, threshold));
    }

    /// <summary>
    /// The entropy threshold, as a number of bins from 0: for each candidate i from <paramref name="levels"/> to the
    /// histogram's length, the reference P is the first i bins with everything beyond folded into bin i - 1 (what
    /// clipping does to the values), and Q is the first i bins without that tail, merged into
    /// <paramref name="levels"/> groups of i / levels bins (the last takes the remainder), each group's count spread
    /// evenly over the bins P is non-zero in (what rounding does). The i with the smallest KL(P || Q) wins, the
    /// smallest on a tie. A clipped tail that Q has no mass for makes that candidate's divergence infinite.
    /// </summary>
    internal static int EntropyBins(ReadOnlySpan<long> histogram, int levels)
    {
        var best = histogram.Length;
        var bestDivergence = double.PositiveInfinity;
        long total = 0;
        foreach (var h in histogram)
        {
            total += h;
        }

        long inside = 0;
        for (var i = 0; i < levels - 1; i++)
        {
            inside += histogram[i];
        }

        for (var bins = levels; bins <= histogram.Length; bins++)
        {
            inside += histogram[bins - 1];
            var divergence = Divergence(histogram[..bins], total - inside, total, inside, levels);
            if (divergence < bestDivergence)
            {
                (best, bestDivergence) = (bins, divergence);
            }
        }

        return best;
    }

    private static double Divergence(ReadOnlySpan<long> kept, long tail, long total, long inside, int levels)
    {
        if (inside == 0)
        {
            return double.PositiveInfinity;
        }

        var perLevel = kept.Length / levels;
        var divergence = 0.0;
        for (var level = 0; level < levels; level++)
        {
            var group = level == levels - 1 ? kept[(level * perLevel)..] : kept.Slice(level * perLevel, perLevel);
            var last = level == levels - 1;
            long sum = 0;
            var nonEmpty = 0;
            for (var j = 0; j < group.Length; j++)
            {
                sum += group[j];
                nonEmpty += group[j] + (last && j == group.Length - 1 ? tail : 0) > 0 ? 1 : 0;
            }

            for (var j = 0; j < group.Length; j++)
            {
                var p = group[j] + (last && j == group.Length - 1 ? tail : 0);
                if (p == 0)
                {
                    continue;
                }

                if (sum == 0)
                {
                    return double.PositiveInfinity;
                }

                var pShare = (double)p / total;
                divergence += pShare * Math.Log(pShare / ((double)sum / nonEmpty / inside));
            }
        }

        return divergence;
    }

    private int PercentileBins()
    {
        var wanted = (long)Math.Ceiling(count * Percentile / 100);
        long seen = 0;
        var bin = 0;
        while (bin < Bins - 1 && (seen += histogram[bin]) < wanted)
        {
            bin++;
        }

        return bin + 1;
    }
}
