using MlPipeline.Core;

namespace MlPipeline.Tests.Support;

/// <summary>Assertions on what a CLI run printed.</summary>
internal static class CliAssert
{
    /// <summary>The run exited with <paramref name="expected"/> and printed one error line holding <paramref name="message"/>, and no stack trace.</summary>
    public static void OneLineError(CliRun run, ExitCode expected, string message)
    {
        Assert.True((int)expected == run.ExitCode, $"exit {run.ExitCode}, expected {(int)expected}; stderr: {run.Stderr}");
        var error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
