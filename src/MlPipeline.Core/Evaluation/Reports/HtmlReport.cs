using System.Globalization;
using System.Net;
using System.Text;
using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>
/// The report as one self-contained HTML file: plots and thumbnails are embedded as data URIs and the styles are
/// inline, so it can be attached to a CI run or mailed and still open offline.
/// </summary>
public static class HtmlReport
{
    /// <summary>Renders the page; <paramref name="plots"/> maps each plot's file name to its PNG bytes.</summary>
    public static string Render(EvaluationResult result, IReadOnlyDictionary<string, byte[]> plots)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(plots);
        var report = result.Report;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<title>Evaluation report</title>").AppendLine(Style).AppendLine("</head><body>");
        html.AppendLine("<h1>Evaluation report</h1>");
        html.AppendLine(Invariant($"<p>Model <code>{E(result.ModelPath)}</code> ({E(result.Manifest.Backbone.Name)}, created {result.Manifest.CreatedUtc:yyyy-MM-dd HH:mm} UTC, backbone sha256 <code>{E(result.Manifest.Backbone.Sha256[..Math.Min(12, result.Manifest.Backbone.Sha256.Length)])}</code>) on <code>{E(result.Dataset.Root)}</code>: {result.Dataset.Images} images.</p>"));

        html.AppendLine("<table class=\"metrics\"><tr><th>Metric</th><th>Value</th></tr>");
        Row(html, "Micro accuracy", report.MicroAccuracy);
        Row(html, "Macro accuracy", report.MacroAccuracy);
        Row(html, "Macro F1", report.MacroF1);
        Row(html, "Log-loss", report.LogLoss);
        foreach (var (k, accuracy) in report.TopKAccuracy.Where(p => p.Key > 1))
        {
            Row(html, Invariant($"Top-{k} accuracy"), accuracy);
        }

        html.AppendLine("</table>");
        AppendGates(html, result.Gates);
        if (result.Comparison is not null)
        {
            ComparisonSection.AppendHtml(html, result);
        }

        html.AppendLine("<h2>Confusion matrix</h2><div class=\"plots\">");
        foreach (var (name, png) in plots.Where(p => p.Key.StartsWith("confusion", StringComparison.Ordinal)))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<img alt=\"{E(name)}\" src=\"{DataUri("image/png", png)}\">");
        }

        html.AppendLine("</div><h2>Per class</h2><div class=\"plots\">");
        foreach (var (name, png) in plots.Where(p => p.Key.StartsWith("per-class", StringComparison.Ordinal)))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<img alt=\"{E(name)}\" src=\"{DataUri("image/png", png)}\">");
        }

        html.AppendLine("</div>");
        AppendCalibration(html, result, plots);
        if (plots.TryGetValue("training-curve.png", out var curve))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2>Fine-tuning</h2><div class=\"plots\"><img alt=\"training-curve.png\" src=\"{DataUri("image/png", curve)}\"></div>");
        }

        AppendMostConfused(html, result.MostConfused);
        AppendWorstMistakes(html, result.WorstMistakes);
        AppendNotes(html, result);
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private const string Style = """
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; max-width: 1200px; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border: 1px solid #ccc; padding: 4px 10px; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .plots img { max-width: 49%; vertical-align: top; border: 1px solid #eee; margin: 2px; }
        .pass { color: #17702b; font-weight: bold; } .fail { color: #b3261e; font-weight: bold; }
        .mistakes { display: flex; flex-wrap: wrap; gap: 12px; }
        figure { margin: 0; width: 200px; font-size: 13px; }
        figure img { max-width: 192px; max-height: 192px; display: block; border: 2px solid #b3261e; }
        figure.fixed img { border-color: #17702b; }
        </style>
        """;

    private static void AppendGates(StringBuilder html, IReadOnlyList<GateResult> gates)
    {
        if (gates.Count == 0)
        {
            return;
        }

        html.AppendLine("<h2>Quality gates</h2><ul>");
        foreach (var gate in gates)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<li><span class=\"{(gate.Passed ? "pass" : "fail")}\">{(gate.Passed ? "PASS" : "FAIL")}</span> <code>{E(gate.Describe())}</code></li>");
        }

        html.AppendLine("</ul>");
    }

    private static void AppendCalibration(StringBuilder html, EvaluationResult result, IReadOnlyDictionary<string, byte[]> plots)
    {
        if (result.Report.Calibration is not { } calibration)
        {
            return;
        }

        var temperature = result.Manifest.Calibration is { } fitted
            ? Invariant($"The model's probabilities are temperature-scaled (T = {fitted.Temperature:0.###}, fitted on {fitted.ValidationImages} validation images).")
            : "The model carries no fitted temperature.";
        html.AppendLine(Invariant($"<h2>Calibration</h2><p>Mean confidence {calibration.MeanConfidence:F4} at accuracy {calibration.Accuracy:F4}; expected calibration error (15 bins) {calibration.ExpectedCalibrationError:F4}; Brier score {calibration.BrierScore:F4}. {E(temperature)}</p>"));
        if (plots.TryGetValue("reliability.png", out var png))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<div class=\"plots\"><img alt=\"reliability.png\" src=\"{DataUri("image/png", png)}\"></div>");
        }

        html.AppendLine("<table><tr><th>Confidence</th><th>Images</th><th>Mean confidence</th><th>Accuracy</th></tr>");
        foreach (var bin in calibration.Bins.Where(b => b.Count > 0))
        {
            html.AppendLine(Invariant($"<tr><td>{bin.Lower:0.000}–{bin.Upper:0.000}</td><td class=\"n\">{bin.Count}</td><td class=\"n\">{bin.MeanConfidence:F4}</td><td class=\"n\">{bin.Accuracy:F4}</td></tr>"));
        }

        html.AppendLine("</table>");
    }

    private static void AppendMostConfused(StringBuilder html, IReadOnlyList<ConfusedPair> pairs)
    {
        html.AppendLine("<h2>Most confused classes</h2>");
        if (pairs.Count == 0)
        {
            html.AppendLine("<p>No class was taken for another.</p>");
            return;
        }

        html.AppendLine("<table><tr><th>True class</th><th>Predicted as</th><th>Images</th></tr>");
        foreach (var pair in pairs)
        {
            html.AppendLine(Invariant($"<tr><td>{E(pair.TrueClass)}</td><td>{E(pair.PredictedClass)}</td><td class=\"n\">{pair.Count}</td></tr>"));
        }

        html.AppendLine("</table>");
    }

    private static void AppendWorstMistakes(StringBuilder html, IReadOnlyList<Mistake> mistakes)
    {
        html.AppendLine("<h2>Most confident mistakes</h2>");
        if (mistakes.Count == 0)
        {
            html.AppendLine("<p>No image was misclassified.</p>");
            return;
        }

        html.AppendLine("<div class=\"mistakes\">");
        foreach (var mistake in mistakes)
        {
            var thumbnail = Thumbnails.Create(mistake.Image.Path);
            var picture = thumbnail is null ? "<p>(no longer readable)</p>" : $"<img alt=\"{E(mistake.Image.RelativePath)}\" src=\"{DataUri("image/jpeg", thumbnail)}\">";
            html.AppendLine(Invariant($"<figure>{picture}<figcaption>true <b>{E(mistake.Image.TrueLabel)}</b>, predicted <b>{E(mistake.Image.PredictedLabel)}</b> ({mistake.PredictedProbability:P1}; true class {mistake.TrueProbability:P1})<br><code>{E(mistake.Image.RelativePath)}</code></figcaption></figure>"));
        }

        html.AppendLine("</div>");
    }

    private static void AppendNotes(StringBuilder html, EvaluationResult result)
    {
        if (result.UnknownClasses.Count > 0)
        {
            html.AppendLine("<h2>Class folders the model does not know</h2><p>Left out of the metrics.</p><ul>");
            foreach (var u in result.UnknownClasses)
            {
                html.AppendLine(Invariant($"<li><code>{E(u.Name)}</code>: {u.Images} images</li>"));
            }

            html.AppendLine("</ul>");
        }

        if (result.Skipped.Count > 0)
        {
            html.AppendLine(Invariant($"<h2>Skipped {result.Skipped.Count} unreadable file(s)</h2><ul>"));
            foreach (var skip in result.Skipped)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<li><code>{E(skip.RelativePath)}</code>: {E(skip.Reason)}</li>");
            }

            html.AppendLine("</ul>");
        }
    }

    private static void Row(StringBuilder html, string name, double value) =>
        html.AppendLine(Invariant($"<tr><td>{E(name)}</td><td class=\"n\">{value:F4}</td></tr>"));

    private static string DataUri(string mediaType, byte[] bytes) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
