using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Evaluation.Comparison;

/// <summary>McNemar's exact test against p-values computed with exact rational arithmetic in Python.</summary>
public sealed class McNemarTestTests
{
    public static TheoryData<int, int, double> Golden()
    {
        var data = new TheoryData<int, int, double>();
        foreach (var c in ComparisonGolden.Root.GetProperty("mcnemar").EnumerateArray())
        {
            data.Add(c.GetProperty("fixed").GetInt32(), c.GetProperty("broken").GetInt32(), c.GetProperty("pValue").GetDouble());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void P_values_match_the_exact_binomial_computed_independently(int fixedCount, int brokenCount, double expected)
    {
        var test = McNemarTest.Compute(fixedCount, brokenCount);

        Assert.Equal(expected, test.PValue, expected * 1e-9);
    }

    [Fact]
    public void The_test_is_symmetric_and_only_a_lopsided_loss_counts_as_worse()
    {
        var worse = McNemarTest.Compute(1, 9);
        var better = McNemarTest.Compute(9, 1);

        Assert.Equal(worse.PValue, better.PValue);
        Assert.True(worse.CandidateSignificantlyWorse(0.05));
        Assert.False(better.CandidateSignificantlyWorse(0.05));
        Assert.False(McNemarTest.Compute(0, 5).CandidateSignificantlyWorse(0.05)); // p = 0.0625
    }

    [Fact]
    public void Thousands_of_disagreements_do_not_underflow()
    {
        var balanced = McNemarTest.Compute(5000, 5000);
        var lopsided = McNemarTest.Compute(4800, 5200);

        Assert.Equal(1.0, balanced.PValue);
        Assert.InRange(lopsided.PValue, 1e-6, 1e-3);
    }
}
