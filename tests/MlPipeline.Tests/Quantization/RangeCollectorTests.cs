using MlPipeline.Core.Quantization;

namespace MlPipeline.Tests.Quantization;

/// <summary>Min-max and percentile ranges on values whose percentiles are known by construction.</summary>
public sealed class RangeCollectorTests
{
    // 100 000 values spread over [0, 1) and one outlier at 1000: the 99.999th percentile keeps the 100 000 and cuts the outlier.
    private static readonly float[] Bulk = [.. Enumerable.Range(0, 100_000).Select(i => i / 100_000f)];

    [Fact]
    public void Min_max_keeps_the_outlier()
    {
        var collector = new RangeCollector(CalibrationMethod.MinMax);
        collector.Add(Bulk);
        collector.Add([1000f]);

        Assert.Equal((0f, 1000f), collector.Range());
    }

    [Fact]
    public void Percentile_cuts_the_outlier_to_within_one_histogram_bin_of_the_bulk()
    {
        var collector = new RangeCollector(CalibrationMethod.Percentile);
        // The outlier arrives after the bulk, so the histogram has to double its range (10 times) to hold it.
        collector.Add(Bulk);
        collector.Add([1000f]);

        var (min, max) = collector.Range();
        Assert.Equal(0f, min);
        // The histogram starts at the bulk's top, 0.99999, and doubles 10 times to hold 1000: 2048 bins over
        // [0, 0.99999 · 1024) are 0.99999 / 2 wide, so the bulk fills exactly the first two and the range ends at 0.99999.
        Assert.Equal(0.99999f, max, 1e-6f);
    }

    [Fact]
    public void Percentile_never_widens_a_range_beyond_its_extremes()
    {
        var collector = new RangeCollector(CalibrationMethod.Percentile);
        collector.Add([-0.25f, 0.1f, 0.2f]);

        var (min, max) = collector.Range();
        Assert.Equal(-0.25f, min);
        Assert.InRange(max, 0.1f, 0.2f);
    }
}
