namespace MlPipeline.Core.Evaluation.Comparison;

/// <summary>McNemar's exact test on paired outcomes: are the two models' disagreements lopsided?</summary>
/// <param name="Fixed">Images the candidate gets right and the baseline gets wrong.</param>
/// <param name="Broken">Images the candidate gets wrong and the baseline gets right.</param>
/// <param name="PValue">Two-sided exact p-value (1 when the models never disagree).</param>
public sealed record McNemarTest(int Fixed, int Broken, double PValue)
{
    /// <summary>
    /// Under "neither model is better", each discordant image is fixed or broken with probability 1/2, so the
    /// smaller count is Binomial(n, 1/2); the p-value is twice its lower tail, capped at 1.
    /// </summary>
    public static McNemarTest Compute(int fixedCount, int brokenCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fixedCount);
        ArgumentOutOfRangeException.ThrowIfNegative(brokenCount);
        var n = fixedCount + brokenCount;
        var k = Math.Min(fixedCount, brokenCount);
        // Summed in log space: 2^-n underflows a double beyond n = 1074, and a holdout can have more disagreements.
        var logHalfPowN = -n * Math.Log(2);
        double logBinomial = 0, tail = 0;
        for (var i = 0; i <= k; i++)
        {
            if (i > 0)
            {
                logBinomial += Math.Log(n - i + 1) - Math.Log(i);
            }

            tail += Math.Exp(logBinomial + logHalfPowN);
        }

        return new McNemarTest(fixedCount, brokenCount, n == 0 ? 1 : Math.Min(1, 2 * tail));
    }

    /// <summary>Whether the candidate is significantly worse at level <paramref name="alpha"/>.</summary>
    public bool CandidateSignificantlyWorse(double alpha) => Broken > Fixed && PValue < alpha;
}
