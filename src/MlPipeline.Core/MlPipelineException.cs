namespace MlPipeline.Core;

/// <summary>
/// An anticipated failure the user can act on. The CLI prints <see cref="Exception.Message"/> as one line
/// and exits with <see cref="ExitCode"/>; no stack trace.
/// </summary>
public sealed class MlPipelineException : Exception
{
    /// <summary>Creates the exception with the exit code the process should end with.</summary>
    public MlPipelineException(ExitCode exitCode, string message, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    /// <summary>The exit code that describes this failure.</summary>
    public ExitCode ExitCode { get; }
}
