using System.Text.Json;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Tests.Quantization;

/// <summary>
/// Min-max and percentile ranges on values whose percentiles are known by construction; entropy thresholds against
/// Python's (Fixtures/quantization/make-entropy-golden.py writes entropy-golden.json).
/// </summary>
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

    public static TheoryData<string> EntropyCases() => [.. EntropyGolden().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(EntropyCases))]
    public void Entropy_chooses_the_threshold_python_computes(string name)
    {
        var golden = EntropyGolden().Single(c => c.GetProperty("name").GetString() == name);
        long[] histogram = [.. golden.GetProperty("histogram").EnumerateArray().Select(v => v.GetInt64())];

        Assert.Equal(golden.GetProperty("bins").GetInt32(), RangeCollector.EntropyBins(histogram, RangeCollector.EntropyLevels));
    }

    [Fact]
    public void Entropy_clips_the_thin_tail_of_exponential_values_where_python_does()
    {
        var golden = EntropyFixture().GetProperty("collector");
        var n = golden.GetProperty("count").GetInt32();
        var collector = new RangeCollector(CalibrationMethod.Entropy);
        collector.Add([.. Enumerable.Range(0, n).Select(k => (float)-Math.Log(1 - ((k + 0.5) / n)))]);

        var (min, max) = collector.Range();
        Assert.Equal(collector.Min, min);
        // float32 values against Python's doubles may move a value across a bin edge: within 1 % (about 2 bins).
        Assert.Equal(golden.GetProperty("max").GetDouble(), max, golden.GetProperty("max").GetDouble() * 0.01);
        Assert.True(max < collector.Max, "the tail is clipped");
    }

    private static JsonElement[] EntropyGolden() => [.. EntropyFixture().GetProperty("histograms").EnumerateArray()];

    private static JsonElement EntropyFixture() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quantization", "entropy-golden.json"))).RootElement;
}
