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
    }
}
