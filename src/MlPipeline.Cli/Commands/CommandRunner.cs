using MlPipeline.Core;

namespace MlPipeline.Cli.Commands;

/// <summary>Turns a verb's outcome into an exit code: anticipated failures are one line on stderr, never a stack trace.</summary>
internal static class CommandRunner
{
    /// <summary>Runs a runner; its result says which exit code the outcome deserves.</summary>
    public static async Task<int> RunAsync<TResult>(CliConsole console, Func<Task<TResult>> run)
        where TResult : IRunResult =>
        await RunAsync(console, async () => (await run()).ExitCode);

    public static async Task<int> RunAsync(CliConsole console, Func<Task<ExitCode>> run)
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
            console.Error.WriteLine("Cancelled; nothing partial was written.");
            return (int)ExitCode.Cancelled;
        }
    }
}
