namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// fastai's one-cycle schedule: the learning rate rises linearly from a tenth of its peak over the first
/// <see cref="WarmupFraction"/> of the steps, then falls along a cosine to nearly zero.
/// </summary>
/// <param name="TotalSteps">Optimizer steps in the whole run.</param>
public sealed record OneCycleSchedule(int TotalSteps)
{
    /// <summary>Share of the steps spent warming up.</summary>
    public const double WarmupFraction = 0.25;

    private const double StartFactor = 0.1;
    private const double EndFactor = 1e-3;

    /// <summary>The factor (0-1] to multiply the peak learning rate by at <paramref name="step"/> (0-based).</summary>
    public double Factor(int step)
    {
        var warmup = Math.Max(1, (int)Math.Round(TotalSteps * WarmupFraction));
        if (step < warmup)
        {
            return StartFactor + ((1 - StartFactor) * step / warmup);
        }

        var progress = Math.Min(1.0, (step - warmup) / (double)Math.Max(1, TotalSteps - warmup));
        return EndFactor + ((1 - EndFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
