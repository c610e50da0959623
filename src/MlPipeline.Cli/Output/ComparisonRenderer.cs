using System.Globalization;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>Prints the candidate against the baseline: metrics side by side, per-class deltas, McNemar's counts.</summary>
internal static class ComparisonRenderer
{
    public static void Render(IAnsiConsole output, ClassificationReport candidate, BaselineComparison comparison)
    {
        output.WriteLine($"Baseline: {comparison.BaselinePath} ({comparison.BaselineManifest.Classes.Count} classes)");
        if (comparison.ClassesDiffer)
        {
            output.WriteLine($"The class lists differ; compared on the {comparison.SharedClasses.Count} shared classes only: {string.Join(", ", comparison.SharedClasses)}");
        }

        var headline = new Table().Title("Candidate vs baseline").AddColumn("Metric")
            .AddColumn(new TableColumn("Candidate").RightAligned()).AddColumn(new TableColumn("Baseline").RightAligned()).AddColumn(new TableColumn("Δ").RightAligned());
        Row(headline, "Micro accuracy", candidate.MicroAccuracy, comparison.BaselineReport.MicroAccuracy);
        Row(headline, "Macro accuracy", candidate.MacroAccuracy, comparison.BaselineReport.MacroAccuracy);
        Row(headline, "Macro F1", candidate.MacroF1, comparison.BaselineReport.MacroF1);
        Row(headline, "Log-loss", candidate.LogLoss, comparison.BaselineReport.LogLoss);
        foreach (var (name, value, baselineValue) in BaselineComparison.CalibrationRows(candidate, comparison.BaselineReport))
        {
            Row(headline, name, value, baselineValue);
        }

        output.Write(headline);

        var perClass = new Table().Title("Per-class change (candidate − baseline)").AddColumn("Class")
            .AddColumn(new TableColumn("Precision Δ").RightAligned()).AddColumn(new TableColumn("Recall Δ").RightAligned()).AddColumn(new TableColumn("F1 Δ").RightAligned());
        foreach (var row in comparison.PerClass)
        {
            perClass.AddRow(Markup.Escape(row.Class), Delta(row.PrecisionDelta), Delta(row.RecallDelta), Delta(row.F1Delta));
        }

        output.Write(perClass);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"McNemar: {comparison.McNemar.Fixed} fixed, {comparison.McNemar.Broken} broken, p = {comparison.McNemar.PValue:0.####}"));
    }

    private static void Row(Table table, string name, double candidate, double baseline) =>
        table.AddRow(name, F(candidate), F(baseline), Delta(candidate - baseline));

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string Delta(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
