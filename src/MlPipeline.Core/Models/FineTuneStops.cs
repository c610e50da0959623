namespace MlPipeline.Core.Models;

/// <summary>Why fine-tuning stopped, as the manifest's <c>fineTuning.stoppedBecause</c> names it.</summary>
public static class FineTuneStops
{
    /// <summary>Every epoch asked for ran.</summary>
    public const string Completed = "completed";

    /// <summary>Early stopping: no epoch beat the kept one for <c>--patience</c> epochs.</summary>
    public const string NoImprovement = "no-improvement";

    /// <summary>The divergence guard: an epoch's loss was not finite, or more than ten times the first epoch's.</summary>
    public const string Diverged = "diverged";
}
