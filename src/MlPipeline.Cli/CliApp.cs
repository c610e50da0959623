using System.CommandLine;
using MlPipeline.Cli.Commands;
using MlPipeline.Core;
using MlPipeline.Serving;

namespace MlPipeline.Cli;

/// <summary>Builds the command tree and runs it; separate from Program so tests can run the CLI in-process.</summary>
public static class CliApp
{
    /// <summary>The root command with every verb.</summary>
    public static RootCommand BuildRootCommand(CliConsole console) =>
        new("Turns a folder of labeled images into a trained, evaluated, deployable image classifier.")
        {
            TrainCommand.Create(console),
            EvaluateCommand.Create(console),
            PredictCommand.Create(console),
            ExportCommand.Create(console),
            ServeCommand.Create(console),
            DoctorCommand.Create(console),
            QuantizeCommand.Create(console),
        };

    // After Ctrl+C or SIGTERM the verb may finish what it cannot stop midway: serve drains its in-flight requests for
    // up to its shutdown timeout, train completes a save it has started; the other verbs stop at their next
    // cancellation check. Past this, or at a second signal, the run ends without waiting.
    internal static readonly TimeSpan TerminationGrace = ModelServer.ShutdownTimeout + TimeSpan.FromSeconds(5);

    /// <summary>Parses and runs; usage errors exit with <see cref="ExitCode.UsageError"/>.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var parseResult = BuildRootCommand(console).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.Error.WriteLine($"error: {error.Message}");
            }

            console.Error.WriteLine("Run with --help for usage.");
            return (int)ExitCode.UsageError;
        }

        using var signals = TerminationSignals.Register(TerminationGrace);
        var invocation = parseResult.InvokeAsync(
            new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null },
            signals.Token);
        return await FirstOf(invocation, signals, console);
    }

    /// <summary>The verb's exit code, or the signal's when the run is forced to end before the verb returns.</summary>
    internal static async Task<int> FirstOf(Task<int> invocation, TerminationSignals signals, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(console);
        if (await Task.WhenAny(invocation, signals.Forced) == invocation)
        {
            return await invocation;
        }

        console.Error.WriteLine("Stopped without waiting for the run to finish; a file being saved keeps its previous version.");
        return await signals.Forced;
    }
}
