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

        return await parseResult.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // After Ctrl+C or SIGTERM, wait for the action to finish (serve drains its in-flight requests for up to
            // its shutdown timeout; the other verbs stop at their next cancellation check) instead of the default
            // 2 s, after which System.CommandLine would let the process exit under requests still being answered.
            ProcessTerminationTimeout = ModelServer.ShutdownTimeout + TimeSpan.FromSeconds(5),
        });
    }
}
