using System.CommandLine;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Cli.Commands;

/// <summary><c>quantize</c>: binds options and hands over to <see cref="QuantizeRunner"/>; a failed accuracy gate exits 7.</summary>
internal static class QuantizeCommand
{
    public static Command Create(CliConsole console) => Create(console, out _);

    /// <summary>The command, and how its action turns a parse into the runner's options (which tests check).</summary>
    internal static Command Create(CliConsole console, out Func<ParseResult, QuantizeOptions> bind)
    {
        var model = CommonOptions.Model("Float model zip written by train.");
        var data = new Option<string?>("--data", "-d")
        {
            Description = "Labeled folder (the training data): calibration images come from its training side, accuracy from its validation side; or use --labels as train did.",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where the int8 model zip goes.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "model-int8.zip"),
        };
        var calibrationImages = new Option<int>("--calibration-images")
        {
            Description = "Training-side images that calibrate the activation ranges.",
            DefaultValueFactory = _ => QuantizeOptions.DefaultCalibrationImages,
        };
        var maxDrop = new Option<double>("--max-accuracy-drop")
        {
            Description = "Fail (exit 7, nothing written) when int8 accuracy is lower than float accuracy by more than this, in [0, 1].",
            DefaultValueFactory = _ => QuantizeOptions.DefaultMaxAccuracyDrop,
        }.Finite();
        var activations = CommonOptions.Choice("--activations", "Activation type: u8 (uint8) or s8 (int8); weights are always int8.", QuantizeOptions.DefaultActivations);
        var calibration = CommonOptions.Choice(
            "--calibration",
            "How activation ranges are chosen: min-max, percentile (99.999th percentile of |x|) or entropy (the |x| threshold of least KL divergence).",
            QuantizeOptions.DefaultCalibration);
        var keepFloat = new Option<int>("--keep-float")
        {
            Description = "When int8 with every activation quantized fails the gate: leave this many activations in float, those whose quantization alone moves the backbone's output most, and measure again (0: never).",
            DefaultValueFactory = _ => QuantizeOptions.DefaultKeepFloat,
        };
        var labels = new LabelFileArguments("The label file train read (--labels), instead of --data.");
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("quantize", """
            Quantize a model's backbone to int8 (static, calibrated on --data) and check the accuracy it costs.
            Example: mlpipeline quantize --model artifacts/model.zip --data photos --output artifacts/model-int8.zip
            """)
        {
            model, data, output, calibrationImages, maxDrop, activations, calibration, keepFloat, json, quiet, cache,
        };
        labels.AddTo(command);
        bind = parse => new QuantizeOptions(
            parse.GetValue(model)!,
            parse.GetValue(data),
            parse.GetValue(output)!,
            parse.GetValue(calibrationImages),
            parse.GetValue(maxDrop),
            parse.GetValue(activations),
            parse.GetValue(calibration),
            parse.GetValue(keepFloat))
        {
            Labels = labels.Read(parse),
            CacheDirectory = parse.GetValue(cache),
        };
        var toOptions = bind;
        command.SetAction((parse, ct) =>
        {
            var options = toOptions(parse);
            var asJson = parse.GetValue(json);
            var observer = new ConsoleObserver(console, parse.GetValue(quiet));
            return CommandRunner.RunAsync(console, async () =>
            {
                var result = await new QuantizeRunner(observer).RunAsync(options, ct);
                QuantizeResultWriter.Write(console, result, asJson);
                return result.ExitCode;
            });
        });
        return command;
    }
}
