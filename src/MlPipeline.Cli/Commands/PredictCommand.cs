using System.CommandLine;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Core.Prediction.Sharding;

namespace MlPipeline.Cli.Commands;

/// <summary><c>predict</c>: binds options and hands over to <see cref="PredictRunner"/>.</summary>
internal static class PredictCommand
{
    public static Command Create(CliConsole console) => Create(console, out _);

    /// <summary>The command, and how its action turns a parse into the runner's options (which tests check).</summary>
    internal static Command Create(CliConsole console, out Func<ParseResult, PredictOptions> bind)
    {
        var model = CommonOptions.Model();
        var input = new Option<string?>("--input", "-i")
        {
            Description = "An image file, or a folder of images; or use --labels.",
        };
        var recursive = new Option<bool>("--recursive", "-r")
        {
            Description = "For a folder: include images in its subfolders too.",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write rows to this .csv or .jsonl file, one per image as it finishes. "
                + "Without it, a folder's rows go to stdout as CSV (JSON Lines with --json).",
        };
        var topK = new Option<int>("--top-k", "-k")
        {
            Description = "How many of the most likely classes to list per image (at most the number of classes).",
            DefaultValueFactory = _ => PredictOptions.DefaultTopK,
        };
        topK.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--top-k must be at least 1.");
            }
        });
        var minConfidence = new Option<double>("--min-confidence")
        {
            Description = $"Below this top probability the label is '{PredictionRow.UnknownLabel}' (probabilities are still listed); 0 turns it off.",
        }.Finite();
        minConfidence.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or > 1)
            {
                r.AddError("--min-confidence must be in [0, 1].");
            }
        });
        var resume = new Option<bool>("--resume")
        {
            Description = "Keep the rows already in --output and predict only the images it lacks; without it an existing file is replaced.",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Predict only shard K of N (K from 0): a stable hash of each relative path picks its shard, so N runs "
                + $"cover every image once. '{ShardOption.Auto}/N' reads K from ${ShardOption.KubernetesIndexVariable} (Kubernetes Indexed Job) "
                + $"or ${ShardOption.SlurmIndexVariable} (Slurm array).",
        };
        var shardIndexEnv = new Option<string?>("--shard-index-env")
        {
            Description = $"With --shard {ShardOption.Auto}/N: the environment variable holding K (e.g. a CI matrix's).",
        };
        var labels = new LabelFileArguments("A CSV or TSV listing the images to predict (header row; a label column is not needed), in file order, instead of --input.", readsLabels: false);
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("predict", """
            Classify an image, or every image in a folder, with a trained model.
            A single image prints its label and top-k probabilities. A folder gives one row per image, in sorted path
            order with paths relative to --input: path, label, confidence, top_k, error. Unreadable files get a row
            with the error filled and exit code 8 at the end; Ctrl+C keeps every finished row (exit 130).
            Example: mlpipeline predict --model artifacts/model.zip --input photos --recursive --output predictions.csv
            Sharded: mlpipeline predict --model m.zip --input photos --recursive --shard 3/16 --output preds-3.csv
            """)
        {
            model, input, recursive, output, topK, minConfidence, resume, shard, shardIndexEnv, json, quiet, cache,
        };
        labels.AddTo(command);
        // --shard is read when the run starts: a bad value is then one error line with its exit code.
        bind = parse => new PredictOptions(
            parse.GetValue(model)!,
            parse.GetValue(input),
            parse.GetValue(recursive),
            parse.GetValue(output),
            parse.GetValue(json) ? PredictionFormat.Jsonl : PredictionFormat.Csv,
            parse.GetValue(topK),
            parse.GetValue(minConfidence),
            parse.GetValue(resume))
        {
            Labels = labels.Read(parse),
            CacheDirectory = parse.GetValue(cache),
        };
        var toOptions = bind;
        command.SetAction((parse, ct) =>
        {
            var asJson = parse.GetValue(json);
            var options = toOptions(parse);
            var observer = new ConsoleObserver(console, parse.GetValue(quiet));
            // Unlike train, predict keeps its partial output on purpose: say where, and how to go on.
            var cancelled = options.OutputPath is null
                ? "Cancelled."
                : $"Cancelled; {options.OutputPath} keeps every finished row. Run again with --resume to finish.";
            return CommandRunner.RunAsync(
                console,
                async () =>
                {
                    var sharded = options with { Shard = ShardOption.Parse(parse.GetValue(shard), parse.GetValue(shardIndexEnv), Environment.GetEnvironmentVariable) };
                    var summary = await new PredictRunner(observer, console.Out).RunAsync(sharded, ct);
                    PredictResultWriter.Write(console, summary, asJson);
                    return summary;
                },
                cancelled);
        });
        return command;
    }
}
