using MlPipeline.Core;

namespace MlPipeline.Tests.Support;

/// <summary>Assertions on what the CLI printed, shared so that every verb is held to the same contract.</summary>
internal static class CliAssert
{
    /// <summary>
    /// The run exited with <paramref name="expected"/>, its last line on stderr is its only <c>error: </c> line (progress
    /// and warnings may come before it), that line contains <paramref name="message"/>, and no stack trace was printed.
    /// </summary>
    public static void OneLineError(CliRun run, ExitCode expected, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        Assert.True((int)expected == run.ExitCode, $"expected exit {(int)expected} ({expected}), got {run.ExitCode}; stderr:\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Equal(error, lines[^1]);
        if (message is not null)
        {
            Assert.Contains(message, error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
