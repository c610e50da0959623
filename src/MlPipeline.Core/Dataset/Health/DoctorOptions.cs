using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.Core.Dataset.Sources;

namespace MlPipeline.Core.Dataset.Health;

/// <summary>What <c>doctor</c> was asked to check.</summary>
/// <param name="DataDirectory">Dataset folder, one subfolder per class (train's layout); null with <see cref="Labels"/>.</param>
/// <param name="ValidationFraction">The split train would use, to find near-duplicates it would put on both sides.</param>
/// <param name="Seed">The split seed train would use.</param>
public sealed record DoctorOptions(string? DataDirectory, double ValidationFraction, int Seed)
{
    /// <summary>A label file to check instead of <see cref="DataDirectory"/> (<c>--labels</c>), or null.</summary>
    public LabelFileOptions? Labels { get; init; }

    /// <summary>The data: <see cref="DataDirectory"/> or <see cref="Labels"/>, whichever was given.</summary>
    /// <exception cref="MlPipelineException">Both or neither were given.</exception>
    public DataSource Data => DataSource.Required(DataDirectory, Labels);

    /// <summary>Throws a usage error for values no run could use.</summary>
    /// <exception cref="MlPipelineException">The fraction is not a finite number in [0, 1).</exception>
    public void Validate()
    {
        _ = Data;
        if (ValidationFraction is not (>= 0 and < 1))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--validation-fraction must be in [0, 1), got {ValidationFraction}.");
        }
    }
}
