using MlPipeline.Cli;

namespace MlPipeline.Tests.Support;

/// <summary>What one in-process CLI run printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the CLI in-process with stdout and stderr captured.</summary>
internal static class CliHarness
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, errorIsTerminal: false));
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
