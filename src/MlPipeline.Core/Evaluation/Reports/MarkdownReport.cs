using System.Globalization;
using System.Text;
using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>
/// The report as GitHub-flavoured markdown, short enough for a CI job summary: headline metrics, gates,
/// per-class table and the confusion matrix.
/// </summary>
public static class MarkdownReport
{
    /// <summary>Renders the whole report.</summary>
    public static string Render(EvaluationResult result) => Render(result, []);

    /// <summary>Renders the whole report; <paramref name="comparisonThumbnails"/> are the comparison thumbnails written beside it.</summary>
    public static string Render(EvaluationResult result, IReadOnlyCollection<string> comparisonThumbnails)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.AppendLine("# Evaluation report").AppendLine();
        md.AppendLine(Invariant($"Model `{Path.GetFileName(result.ModelPath)}` ({result.Manifest.Backbone.Name}, created {result.Manifest.CreatedUtc:yyyy-MM-dd HH:mm} UTC) on `{result.Dataset.Root}` ({result.Dataset.Images} images)."));
        md.AppendLine();
        AppendHeadline(md, result.Report);
        AppendGates(md, result.Gates);
        if (result.Comparison is not null)
        {
            ComparisonSection.AppendMarkdown(md, result, comparisonThumbnails);
        }

        AppendPerClass(md, result.Report);
        md.AppendLine("## Confusion matrix").AppendLine().AppendLine("Rows: true class; columns: predicted class.").AppendLine();
        md.Append(ConfusionMatrixTable(result.Report));
        AppendNotes(md, result);
        return md.ToString();
    }

    /// <summary>The confusion matrix as a markdown table with class names on both axes.</summary>
    public static string ConfusionMatrixTable(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| true \\ predicted | {string.Join(" | ", report.Classes.Select(Cell))} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"|---|{string.Concat(report.Classes.Select(_ => "---:|"))}");
        for (var i = 0; i < report.Classes.Count; i++)
        {
            var cells = report.ConfusionMatrix[i].Select((count, j) => i == j ? $"**{count}**" : count.ToString(CultureInfo.InvariantCulture));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(report.Classes[i])} | {string.Join(" | ", cells)} |");
        }

        return md.AppendLine().ToString();
    }

    private static void AppendHeadline(StringBuilder md, ClassificationReport report)
    {
        md.AppendLine("| Metric | Value |").AppendLine("|---|---:|");
        md.AppendLine(Invariant($"| Examples | {report.Count} |"));
        md.AppendLine(Invariant($"| Micro accuracy | {report.MicroAccuracy:F4} |"));
        md.AppendLine(Invariant($"| Macro accuracy | {report.MacroAccuracy:F4} |"));
        md.AppendLine(Invariant($"| Macro F1 | {report.MacroF1:F4} |"));
        md.AppendLine(Invariant($"| Log-loss | {report.LogLoss:F4} |"));
        if (report.Calibration is { } calibration)
        {
            md.AppendLine(Invariant($"| Mean confidence | {calibration.MeanConfidence:F4} |"));
            md.AppendLine(Invariant($"| ECE (15 bins) | {calibration.ExpectedCalibrationError:F4} |"));
            md.AppendLine(Invariant($"| Brier score | {calibration.BrierScore:F4} |"));
        }

        foreach (var (k, accuracy) in report.TopKAccuracy.Where(p => p.Key > 1))
        {
            md.AppendLine(Invariant($"| Top-{k} accuracy | {accuracy:F4} |"));
        }

        md.AppendLine();
    }

    private static void AppendGates(StringBuilder md, IReadOnlyList<GateResult> gates)
    {
        if (gates.Count == 0)
        {
            return;
        }

        md.AppendLine("## Quality gates").AppendLine();
        foreach (var gate in gates)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {(gate.Passed ? "✅" : "❌")} `{gate.Describe()}`");
        }

        md.AppendLine();
    }

    private static void AppendPerClass(StringBuilder md, ClassificationReport report)
    {
        md.AppendLine("## Per class").AppendLine();
        md.AppendLine("| Class | Precision | Recall | F1 | Support |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var c in report.PerClass)
        {
            md.AppendLine(Invariant($"| {Cell(c.Class)} | {c.Precision:F4} | {c.Recall:F4} | {c.F1:F4} | {c.Support} |"));
        }

        md.AppendLine();
    }

    private static void AppendNotes(StringBuilder md, EvaluationResult result)
    {
        if (result.UnknownClasses.Count > 0)
        {
            md.AppendLine("## Class folders the model does not know").AppendLine().AppendLine("Left out of the metrics.").AppendLine();
            foreach (var u in result.UnknownClasses)
            {
                md.AppendLine(Invariant($"- `{u.Name}`: {u.Images} images"));
            }

            md.AppendLine();
        }

        if (result.Skipped.Count > 0)
        {
            md.AppendLine(Invariant($"## Skipped {result.Skipped.Count} unreadable file(s)")).AppendLine();
            foreach (var skip in result.Skipped)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- `{skip.RelativePath}`: {skip.Reason}");
            }

            md.AppendLine();
        }
    }

    // Pipes would end a table cell early.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
