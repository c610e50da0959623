using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// Which epoch fine-tuning keeps. The linear probe is epoch 0, so a run is never worse than its start: a later epoch
/// is kept only if its validation score beats the probe's and every earlier epoch's (<see cref="ValidationScore.Beats"/>).
/// </summary>
public static class EpochChoice
{
    /// <summary>The epoch to keep (0 = the probe) from the probe's score and each epoch's in order.</summary>
    /// <param name="probe">The probe's validation score; null when nothing is held out.</param>
    /// <param name="epochs">Epochs 1, 2, ... in order; a null score means the epoch was not validated.</param>
    /// <remarks>With no validation there is nothing to compare, so the last epoch run is kept, as the schedule ends there.</remarks>
    public static int Choose(ValidationScore? probe, IReadOnlyList<ValidationScore?> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var kept = 0;
        var best = probe;
        for (var i = 0; i < epochs.Count; i++)
        {
            if (Improves(epochs[i], best))
            {
                (kept, best) = (i + 1, epochs[i]);
            }
        }

        return kept;
    }

    /// <summary>Whether an epoch scoring <paramref name="candidate"/> replaces the one kept so far, which scored <paramref name="kept"/>.</summary>
    public static bool Improves(ValidationScore? candidate, ValidationScore? kept) =>
        candidate is null || kept is null || candidate.Beats(kept);
}
