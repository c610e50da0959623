namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// Stops a run whose loss has exploded, as <c>--learning-rate 1</c> did on issue 18's data (epoch losses of 1e10):
/// an epoch loss that is not finite, or more than <see cref="Factor"/> times the first epoch's.
/// </summary>
public static class DivergenceGuard
{
    /// <summary>How many times the first epoch's loss a later epoch's may reach before the run counts as diverged.</summary>
    public const double Factor = 10;

    /// <summary>Why an epoch with this loss has diverged, or null when it has not.</summary>
    /// <param name="firstEpochLoss">Epoch 1's training loss; null while epoch 1 is the one being checked.</param>
    /// <param name="loss">This epoch's loss.</param>
    public static string? Problem(double? firstEpochLoss, double loss) =>
        !double.IsFinite(loss) ? $"the loss is {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : loss > Factor * firstEpochLoss ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the loss {loss:G4} is more than {Factor:0} times epoch 1's ({firstEpochLoss:G4})")
        : null;
}
