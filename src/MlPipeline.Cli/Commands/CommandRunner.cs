using MlPipeline.Core;

namespace MlPipeline.Cli.Commands;

/// <summary>Turns a verb's outcome into an exit code: anticipated failures are one line on stderr, never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task> run) =>
        await RunAsync(console, async () =>
        {
            await run();
            return ExitCode.Success;
        });

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
