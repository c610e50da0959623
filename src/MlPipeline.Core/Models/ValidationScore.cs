namespace MlPipeline.Core.Models;

/// <summary>
/// How well a model did on the validation split, as the epoch choice and the probe's head selection compare it.
/// </summary>
/// <param name="Accuracy">Share of validation images predicted right.</param>
/// <param name="LogLoss">Mean unsmoothed cross-entropy (log-loss) of the true class.</param>
public sealed record ValidationScore(double Accuracy, double LogLoss)
{
    /// <summary>
    /// Whether this score is strictly better than <paramref name="other"/>: higher accuracy, or the same accuracy and
    /// a lower log-loss. Label smoothing stays out of the comparison, since on issue 18's data the smoothed loss rose
    /// while accuracy rose too and picked the wrong epoch.
    /// </summary>
    public bool Beats(ValidationScore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Accuracy > other.Accuracy || (Accuracy == other.Accuracy && LogLoss < other.LogLoss);
    }
}
