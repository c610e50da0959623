using MlPipeline.Core;

namespace MlPipeline.Cli.Commands;

/// <summary>Turns a verb's outcome into an exit code: anticipated failures are one line on stderr, never a stack trace.</summary>
internal static class CommandRunner
{
    private const string NothingPartial = "Cancelled; nothing partial was written.";

    /// <summary>Runs a runner; its result says which exit code the outcome deserves.</summary>
    /// <param name="console">Where the one-line error or cancellation notice goes.</param>
    /// <param name="run">The runner call.</param>
    /// <param name="cancelled">What a cancelled run tells the user (a verb that keeps partial output says where).</param>
    public static async Task<int> RunAsync<TResult>(CliConsole console, Func<Task<TResult>> run, string cancelled = NothingPartial)
        where TResult : IRunResult =>
        await RunAsync(console, async () => (await run()).ExitCode, cancelled);

    public static async Task<int> RunAsync(CliConsole console, Func<Task<ExitCode>> run, string cancelled = NothingPartial)
    {
        try
        {
            return (int)await run();
        }
        catch (MlPipelineException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return (int)e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine(cancelled);
            return (int)ExitCode.Cancelled;
        }
    }
}
