using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Models;
using MlPipeline.Core.Training;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>Prints what <c>train</c> produced: tables for people, or one JSON document with <c>--json</c>.</summary>
internal static class TrainResultWriter
{
    public static void Write(CliConsole console, TrainResult result, bool asJson)
    {
        if (asJson)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(TrainDocument.From(result), ModelStore.Json));
            return;
        }

        var output = console.OutConsole;
        var split = new Table().Title("Split").AddColumn("Class")
            .AddColumn(new TableColumn("Train").RightAligned())
            .AddColumn(new TableColumn("Validation").RightAligned());
        foreach (var name in result.Manifest.Classes)
        {
            split.AddRow(
                Markup.Escape(name),
                result.Manifest.Dataset.TrainCounts[name].ToString(CultureInfo.InvariantCulture),
                result.Manifest.Dataset.ValidationCounts[name].ToString(CultureInfo.InvariantCulture));
        }

        output.Write(split);
        if (result.Manifest.FineTuning is { } fineTuning)
        {
            WriteHistory(output, fineTuning);
        }

        if (result.Validation is { } report)
        {
            ClassificationReportRenderer.Render(output, report, "Validation");
        }
        else
        {
            output.WriteLine("No images were held out, so there are no validation metrics.");
        }

        if (result.Skipped.Count > 0)
        {
            output.WriteLine($"Skipped {result.Skipped.Count} unreadable file(s):");
            foreach (var skip in result.Skipped)
            {
                output.WriteLine($"  {skip.RelativePath}: {skip.Reason}");
            }
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Model: {result.ModelPath} ({result.FeaturizationImagesPerSecond:F1} images/s featurizing, {result.Elapsed.TotalSeconds:F1} s in all)"));
        if (result.CurvePath is { } curve)
        {
            output.WriteLine($"Training curve: {curve}");
        }

        // Straight to the writer, not through Spectre, which wraps at the console width: logs grep this line whole.
        console.Out.WriteLine(SummaryLine(result));
    }

    /// <summary>
    /// The last line: the saved model's validation accuracy (the kept epoch's, after fine-tuning), then the command
    /// that measures it on images the run never saw, since validation also chose the epoch and the head.
    /// </summary>
    internal static string SummaryLine(TrainResult result)
    {
        var kept = result.Manifest.FineTuning is { } fineTuning
            ? fineTuning.BestEpoch == 0 ? "kept epoch 0, the linear probe" : $"kept epoch {fineTuning.BestEpoch}"
            : "linear probe";
        var accuracy = result.Validation is { } report
            ? string.Create(CultureInfo.InvariantCulture, $"Validation accuracy {report.MicroAccuracy:0.000} ({kept})")
            : $"No validation accuracy ({kept}; nothing was held out)";
        var model = result.ModelPath.Any(char.IsWhiteSpace) ? $"\"{result.ModelPath}\"" : result.ModelPath;
        return $"{accuracy}. Next: mlpipeline evaluate --model {model} --data <held-out folder>";
    }

    private static void WriteHistory(IAnsiConsole output, FineTuningInfo fineTuning)
    {
        var table = new Table().Title($"Fine-tuning ({fineTuning.Unfreeze}; kept epoch {fineTuning.BestEpoch})").AddColumn("Epoch");
        foreach (var column in new[] { "Train loss (smoothed)", "Train accuracy", "Validation log-loss", "Validation accuracy", "Images/s" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        if (fineTuning.Probe is { } probe)
        {
            table.AddRow("0 probe" + (fineTuning.BestEpoch == 0 ? " *" : ""), "-", "-", F(probe.LogLoss), F(probe.Accuracy), "-");
        }

        foreach (var epoch in fineTuning.History)
        {
            table.AddRow(
                epoch.Epoch.ToString(CultureInfo.InvariantCulture) + (epoch.Epoch == fineTuning.BestEpoch ? " *" : ""),
                F(epoch.TrainLoss),
                F(epoch.TrainAccuracy),
                epoch.ValidationLogLoss is { } loss ? F(loss) : "-",
                epoch.ValidationAccuracy is { } accuracy ? F(accuracy) : "-",
                epoch.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
        }

        output.Write(table);
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
