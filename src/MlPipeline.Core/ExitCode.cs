namespace MlPipeline.Core;

/// <summary>
/// Process exit codes. 1 is left to System.CommandLine for crashes; every anticipated outcome has its own number
/// so that scripts and CI jobs can tell them apart.
/// </summary>
public enum ExitCode
{
    /// <summary>The command did what it was asked.</summary>
    Success = 0,

    /// <summary>The command line was wrong: unknown option, bad value, a path that does not exist (a missing model file included).</summary>
    UsageError = 2,

    /// <summary>The dataset cannot be used: too few classes, an empty class, no readable images.</summary>
    DataError = 3,

    /// <summary>The pretrained backbone could not be obtained, verified or converted, or cannot be trained (an int8 backbone).</summary>
    BackboneError = 4,

    /// <summary>An output could not be written.</summary>
    OutputError = 5,

    /// <summary>A model file is corrupt, not made by this tool, or does not match its manifest; an export failed its parity check.</summary>
    ModelError = 6,

    /// <summary>Evaluation ran, but a quality gate (<c>--min-accuracy</c>, <c>--min-macro-f1</c>, ...) was not met.</summary>
    QualityGateFailed = 7,

    /// <summary>The job finished, but some inputs could not be processed (listed in its output); doctor: warnings only.</summary>
    SomeInputsFailed = 8,

    /// <summary>
    /// The run was stopped by Ctrl+C or SIGTERM; nothing partial was left behind. A second signal, or the end of the
    /// grace a verb gets to finish, ends the process at once: 130 after SIGINT, 143 after SIGTERM (the CLI's signal
    /// handling sets those, not this enum).
    /// </summary>
    Cancelled = 130,
}
