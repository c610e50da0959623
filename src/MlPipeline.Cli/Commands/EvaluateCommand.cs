using System.CommandLine;
using System.Globalization;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Evaluation;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Cli.Commands;

/// <summary><c>evaluate</c>: binds options and hands over to <see cref="EvaluateRunner"/>; failed gates exit 7.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console) => Create(console, out _);

    /// <summary>The command, and how its action turns a parse into the runner's options (which tests check).</summary>
    internal static Command Create(CliConsole console, out Func<ParseResult, EvaluateOptions> bind)
    {
        var model = CommonOptions.Model();
        var data = new Option<string?>("--data", "-d")
        {
            Description = "Labeled folder to evaluate on, one subfolder per class (the training layout); or use --labels.",
        };
        var report = new Option<string?>("--report")
        {
            Description = "Folder for metrics.json, report.md, report.html and plot PNGs (none written without it).",
        };
        var minAccuracy = Gate("--min-accuracy", "Fail (exit 7) when micro accuracy is below this, in [0, 1].");
        var minMacroF1 = Gate("--min-macro-f1", "Fail (exit 7) when macro F1 is below this, in [0, 1].");
        var minClassRecall = Gate("--min-class-recall", "Fail (exit 7) when any class with examples has recall below this, in [0, 1].");
        var maxEce = Gate("--max-ece", "Fail (exit 7) when the expected calibration error (15 bins) is above this, in [0, 1].");
        var baseline = new Option<string?>("--baseline")
        {
            Description = "The production model zip to compare with: both score the same images (each decoded once); "
                + "fails (exit 7) on an accuracy drop above --max-accuracy-drop or a significant McNemar test (α = 0.05).",
        };
        var maxAccuracyDrop = Gate("--max-accuracy-drop", $"With --baseline: the largest accepted accuracy drop, in [0, 1] (default {BaselineOptions.DefaultMaxAccuracyDrop.ToString(CultureInfo.InvariantCulture)}).");
        // The gate's name before quantize's --max-accuracy-drop became the one name; kept so existing CI jobs still run.
        maxAccuracyDrop.Aliases.Add("--max-regression");
        var labels = new LabelFileArguments();
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("evaluate", """
            Measure a trained model on a labeled folder, optionally write a report and enforce quality gates.
            Example: mlpipeline evaluate --model artifacts/model.zip --data data/test --report artifacts/report --min-accuracy 0.9
            Against production: mlpipeline evaluate --model artifacts/model.zip --baseline prod/model.zip --data holdout --report report
            """)
        {
            model, data, report, minAccuracy, minMacroF1, minClassRecall, maxEce, baseline, maxAccuracyDrop, json, quiet, cache,
        };
        command.Validators.Add(r =>
        {
            // A non-finite value has its own error from the option; this one is about a usable value without a baseline.
            if (r.GetValue(maxAccuracyDrop) is { } value && double.IsFinite(value) && r.GetValue(baseline) is null)
            {
                r.AddError("--max-accuracy-drop needs --baseline: there is nothing to regress from.");
            }
        });
        labels.AddTo(command);
        bind = parse => new EvaluateOptions(
            parse.GetValue(model)!,
            parse.GetValue(data),
            parse.GetValue(report),
            new GateThresholds(parse.GetValue(minAccuracy), parse.GetValue(minMacroF1), parse.GetValue(minClassRecall), parse.GetValue(maxEce)))
        {
            Baseline = parse.GetValue(baseline) is { } baselinePath
                ? new BaselineOptions(baselinePath, parse.GetValue(maxAccuracyDrop) ?? BaselineOptions.DefaultMaxAccuracyDrop)
                : null,
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
                var result = await new EvaluateRunner(observer).RunAsync(options, ct);
                EvaluateResultWriter.Write(console, result, asJson);
                return result;
            });
        });
        return command;
    }

    private static Option<double?> Gate(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description }.Finite();
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (double.IsNaN(v) || v is < 0 or > 1))
            {
                r.AddError($"{name} must be between 0 and 1.");
            }
        });
        return option;
    }
}
