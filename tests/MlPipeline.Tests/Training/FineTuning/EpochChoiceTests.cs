using MlPipeline.Core.Models;
using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Tests.Training.FineTuning;

/// <summary>The kept-epoch rule on hand-made epoch tables: the probe is epoch 0, accuracy first, then unsmoothed log-loss.</summary>
public sealed class EpochChoiceTests
{
    private static ValidationScore S(double accuracy, double logLoss) => new(accuracy, logLoss);

    [Fact]
    public void An_epoch_that_is_more_accurate_is_kept_even_when_its_log_loss_is_higher()
    {
        // Issue 18's shape: the loss rose from epoch 2 to epoch 4 while accuracy rose too.
        var kept = EpochChoice.Choose(S(0.80, 0.60), [S(0.82, 0.50), S(0.84, 0.45), S(0.85, 0.47), S(0.86, 0.52)]);

        Assert.Equal(4, kept);
    }

    [Fact]
    public void The_probe_is_kept_when_no_epoch_beats_it()
    {
        var kept = EpochChoice.Choose(S(0.90, 0.30), [S(0.33, 9.1), S(0.85, 0.40), S(0.90, 0.31)]);

        Assert.Equal(0, kept);
    }

    [Fact]
    public void An_epoch_that_only_equals_the_best_so_far_does_not_replace_it()
    {
        Assert.Equal(0, EpochChoice.Choose(S(0.90, 0.30), [S(0.90, 0.30)]));
        Assert.Equal(1, EpochChoice.Choose(S(0.80, 0.30), [S(0.90, 0.30), S(0.90, 0.30)]));
    }

    [Fact]
    public void Equal_accuracy_is_decided_by_the_lower_log_loss()
    {
        Assert.Equal(2, EpochChoice.Choose(S(0.80, 0.60), [S(0.85, 0.50), S(0.85, 0.40), S(0.85, 0.45)]));
        Assert.Equal(1, EpochChoice.Choose(S(0.80, 0.60), [S(0.85, 0.50), S(0.85, 0.55)]));
    }

    [Fact]
    public void A_later_epoch_must_beat_every_earlier_one_not_only_the_probe()
    {
        var kept = EpochChoice.Choose(S(0.70, 0.90), [S(0.88, 0.40), S(0.75, 0.35), S(0.80, 0.30)]);

        Assert.Equal(1, kept);
    }

    [Fact]
    public void Without_validation_the_last_epoch_run_is_kept()
    {
        Assert.Equal(3, EpochChoice.Choose(null, [null, null, null]));
        Assert.Equal(0, EpochChoice.Choose(null, []));
    }
}
