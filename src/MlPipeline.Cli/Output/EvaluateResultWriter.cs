using System.Globalization;
using MlPipeline.Core.Evaluation.Reports;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>Prints what <c>evaluate</c> measured: tables and gate lines for people, or the metrics document with <c>--json</c>.</summary>
internal static class EvaluateResultWriter
{
    public static void Write(CliConsole console, EvaluationResult result, bool asJson)
    {
        if (asJson)
        {
            console.Out.WriteLine(MetricsJson.Serialize(result));
            return;
        }

        var output = console.OutConsole;
        output.WriteLine($"Model: {result.ModelPath} ({result.Manifest.Backbone.Name}, {result.Manifest.Classes.Count} classes)");
        output.WriteLine($"Data: {result.Dataset.Root} ({result.Dataset.Images.ToString(CultureInfo.InvariantCulture)} images)");
        ClassificationReportRenderer.Render(output, result.Report, "Evaluation");

        if (result.MostConfused.Count > 0)
        {
            var confused = new Table().Title("Most confused").AddColumn("True class").AddColumn("Predicted as").AddColumn(new TableColumn("Images").RightAligned());
            foreach (var pair in result.MostConfused)
            {
                confused.AddRow(Markup.Escape(pair.TrueClass), Markup.Escape(pair.PredictedClass), pair.Count.ToString(CultureInfo.InvariantCulture));
            }

            output.Write(confused);
        }

        if (result.Comparison is { } comparison)
        {
            ComparisonRenderer.Render(output, result.Report, comparison);
        }

        foreach (var unknown in result.UnknownClasses)
        {
            output.WriteLine($"Not a class of the model, left out: {unknown.Name} ({unknown.Images.ToString(CultureInfo.InvariantCulture)} images)");
        }

        if (result.Skipped.Count > 0)
        {
            output.WriteLine($"Skipped {result.Skipped.Count.ToString(CultureInfo.InvariantCulture)} unreadable file(s):");
            foreach (var skip in result.Skipped)
            {
                output.WriteLine($"  {skip.RelativePath}: {skip.Reason}");
            }
        }

        foreach (var file in result.ReportFiles)
        {
            output.WriteLine($"Wrote {file}");
        }

        // Plain lines, no markup: CI logs are grepped for them.
        foreach (var gate in result.Gates)
        {
            output.WriteLine(gate.Describe());
        }
    }
}
