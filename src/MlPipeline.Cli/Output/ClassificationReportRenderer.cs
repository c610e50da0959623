using System.Globalization;
using MlPipeline.Core.Evaluation.Metrics;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>Prints multiclass metrics, per-class figures and the confusion matrix as tables.</summary>
internal static class ClassificationReportRenderer
{
    // Beyond this many classes full names no longer fit as column headers; columns get numbers and a legend.
    private const int MaxNamedColumns = 8;

    public static void Render(IAnsiConsole console, ClassificationReport report, string title)
    {
        var summary = new Table().Title(title).AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("Examples", report.Count.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("Micro accuracy", F(report.MicroAccuracy));
        summary.AddRow("Macro accuracy", F(report.MacroAccuracy));
        summary.AddRow("Macro F1", F(report.MacroF1));
        summary.AddRow("Log-loss", F(report.LogLoss));
        foreach (var (k, accuracy) in report.TopKAccuracy.Where(p => p.Key > 1))
        {
            summary.AddRow($"Top-{k} accuracy", F(accuracy));
        }

        if (report.Calibration is { } calibration)
        {
            summary.AddRow("Mean confidence", F(calibration.MeanConfidence));
            summary.AddRow("ECE (15 bins)", F(calibration.ExpectedCalibrationError));
            summary.AddRow("Brier score", F(calibration.BrierScore));
        }

        console.Write(summary);

        var perClass = new Table().Title("Per class").AddColumn("Class");
        foreach (var name in new[] { "Precision", "Recall", "F1", "Support" })
        {
            perClass.AddColumn(new TableColumn(name).RightAligned());
        }

        foreach (var c in report.PerClass)
        {
            perClass.AddRow(Markup.Escape(c.Class), F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(perClass);
        RenderConfusionMatrix(console, report);
    }

    private static void RenderConfusionMatrix(IAnsiConsole console, ClassificationReport report)
    {
        var numbered = report.Classes.Count > MaxNamedColumns;
        var table = new Table().Title("Confusion matrix (rows: true class, columns: predicted)").AddColumn("True \\ Predicted");
        for (var j = 0; j < report.Classes.Count; j++)
        {
            var header = numbered ? (j + 1).ToString(CultureInfo.InvariantCulture) : Markup.Escape(report.Classes[j]);
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        for (var i = 0; i < report.Classes.Count; i++)
        {
            var rowName = numbered ? $"{i + 1}. {report.Classes[i]}" : report.Classes[i];
            var cells = report.ConfusionMatrix[i].Select((count, j) =>
                i == j ? $"[bold]{count}[/]" : count == 0 ? "[dim]0[/]" : $"[red]{count}[/]");
            table.AddRow([Markup.Escape(rowName), .. cells]);
        }

        console.Write(table);
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
