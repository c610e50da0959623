using System.CommandLine;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Dataset.Health;
using MlPipeline.Core.Training;

namespace MlPipeline.Cli.Commands;

/// <summary><c>doctor</c>: binds options and hands over to <see cref="DatasetDoctor"/>; exits 0, 8 or 3.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data", "-d")
        {
            Description = "Dataset folder with one subfolder per class (train's layout); or use --labels.",
        };
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "The split train will use, to find near-duplicates it would put on both sides.",
            DefaultValueFactory = _ => TrainOptions.DefaultValidationFraction,
        }.Finite();
        var seed = new Option<int>("--seed")
        {
            Description = "The split seed train will use.",
            DefaultValueFactory = _ => TrainOptions.DefaultSeed,
        };
        var labels = new LabelFileArguments();
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();

        var command = new Command("doctor", """
            Check a dataset before training: counts and balance, unreadable files, duplicates, label conflicts,
            near-duplicates, tiny or stretched images, wrong extensions, skipped symlinks. No backbone needed.
            Exit 0 when clean, 8 with warnings only, 3 when train would refuse the data.
            Example: mlpipeline doctor --data data/sample
            """)
        {
            data, validationFraction, seed, json, quiet,
        };
        labels.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var options = new DoctorOptions(parse.GetValue(data), parse.GetValue(validationFraction), parse.GetValue(seed)) { Labels = labels.Read(parse) };
            var asJson = parse.GetValue(json);
            var observer = new ConsoleObserver(console, parse.GetValue(quiet));
            return CommandRunner.RunAsync(console, async () =>
            {
                var report = await new DatasetDoctor(observer).RunAsync(options, ct);
                DoctorReportWriter.Write(console, report, asJson);
                return report.ExitCode;
            });
        });
        return command;
    }
}
