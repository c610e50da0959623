namespace MlPipeline.Core;

/// <summary>
/// Process exit codes. 1 is left to System.CommandLine for crashes; every anticipated outcome has its own number
/// so that scripts and CI jobs can tell them apart.
/// </summary>
public enum ExitCode
{
    /// <summary>The command did what it was asked.</summary>
    Success = 0,

    /// <summary>The command line was wrong: unknown option, missing value, a path that does not exist.</summary>
    UsageError = 2,

    /// <summary>The dataset cannot be used: too few classes, an empty class, no readable images.</summary>
    DataError = 3,

    /// <summary>The pretrained backbone could not be obtained, verified or converted.</summary>
    BackboneError = 4,

    /// <summary>An output could not be written.</summary>
    OutputError = 5,

    /// <summary>A model file is missing, corrupt, or not made by this tool.</summary>
    ModelError = 6,

    /// <summary>Evaluation ran, but a quality gate (<c>--min-accuracy</c>, <c>--min-macro-f1</c>, ...) was not met.</summary>
    QualityGateFailed = 7,

    /// <summary>The job finished, but some inputs could not be processed (listed in its output).</summary>
    SomeInputsFailed = 8,

    /// <summary>The run was stopped by Ctrl+C or SIGTERM; nothing partial was left behind.</summary>
    Cancelled = 130,
}
