using System.Globalization;

namespace MlPipeline.Core.Evaluation.Comparison;

/// <summary>What <c>evaluate --baseline</c> compares against, and how strictly.</summary>
/// <param name="BaselinePath">The production model zip the candidate must not be worse than.</param>
/// <param name="MaxAccuracyDrop">Largest accepted drop in accuracy, candidate below baseline, in [0, 1].</param>
/// <param name="Alpha">Significance level of McNemar's test.</param>
public sealed record BaselineOptions(string BaselinePath, double MaxAccuracyDrop = BaselineOptions.DefaultMaxAccuracyDrop, double Alpha = BaselineOptions.DefaultAlpha)
{
    /// <summary>Default <see cref="MaxAccuracyDrop"/>: one point of accuracy, so a rerun's noise does not fail CI.</summary>
    public const double DefaultMaxAccuracyDrop = 0.01;

    /// <summary>Default <see cref="Alpha"/>.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Rejects values no comparison could use, before any model is loaded.</summary>
    /// <exception cref="MlPipelineException">A value is out of range (usage error).</exception>
    public void Validate()
    {
        if (double.IsNaN(MaxAccuracyDrop) || MaxAccuracyDrop is < 0 or > 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--max-accuracy-drop must be between 0 and 1, got {MaxAccuracyDrop.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (double.IsNaN(Alpha) || Alpha is <= 0 or >= 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"The significance level must be in (0, 1), got {Alpha.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
