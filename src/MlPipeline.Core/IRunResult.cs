namespace MlPipeline.Core;

/// <summary>
/// What every runner returns: its own result, carrying the exit code the outcome deserves, so the CLI maps
/// outcomes to codes in one place and never guesses from the result's contents.
/// </summary>
public interface IRunResult
{
    /// <summary>The process exit code for this outcome (anticipated failures still throw <see cref="MlPipelineException"/>).</summary>
    ExitCode ExitCode { get; }
}
