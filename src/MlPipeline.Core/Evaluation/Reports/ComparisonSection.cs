using System.Globalization;
using System.Net;
using System.Text;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>
/// The report's "compared with the baseline" section: both models' metrics side by side, per-class deltas,
/// McNemar's counts and p-value, and thumbnails of the images the candidate fixed and broke.
/// </summary>
internal static class ComparisonSection
{
    /// <summary>Folder, inside the report folder, holding the thumbnails report.md links to.</summary>
    public const string ThumbnailFolder = "comparison";

    // Enough to see what changed; every changed image is listed in metrics.json.
    private const int MaxThumbnails = 24;

    /// <summary>The thumbnails to write, keyed by their path relative to the report folder.</summary>
    public static IReadOnlyDictionary<string, byte[]> Thumbnails(BaselineComparison comparison)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (kind, image, i) in Shown(comparison))
        {
            if (Reports.Thumbnails.Create(image.Path) is { } jpeg)
            {
                files[ThumbnailPath(kind, i)] = jpeg;
            }
        }

        return files;
    }

    public static void AppendMarkdown(StringBuilder md, EvaluationResult result, IReadOnlyCollection<string> thumbnails)
    {
        var c = result.Comparison!;
        md.AppendLine("## Compared with the baseline").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Baseline `{Path.GetFileName(c.BaselinePath)}` (created {c.BaselineManifest.CreatedUtc:yyyy-MM-dd HH:mm} UTC) on the same {result.Report.Count} images, each decoded once and scored by both models.");
        md.AppendLine();
        if (c.ClassesDiffer)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"The class lists differ: only the {c.SharedClasses.Count} shared classes are compared ({string.Join(", ", c.SharedClasses)}). Only in the candidate: {List(c.CandidateOnlyClasses)}; only in the baseline: {List(c.BaselineOnlyClasses)}.");
            md.AppendLine();
        }

        md.AppendLine("| Metric | Candidate | Baseline | Δ |").AppendLine("|---|---:|---:|---:|");
        foreach (var (name, candidate, baseline) in Headline(result.Report, c.BaselineReport))
        {
            md.AppendLine(Invariant($"| {name} | {candidate:F4} | {baseline:F4} | {candidate - baseline:+0.0000;-0.0000;0.0000} |"));
        }

        md.AppendLine().AppendLine("| Class | Precision Δ | Recall Δ | F1 Δ | F1 candidate | F1 baseline |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in c.PerClass)
        {
            md.AppendLine(Invariant($"| {row.Class.Replace("|", "\\|", StringComparison.Ordinal)} | {row.PrecisionDelta:+0.0000;-0.0000;0.0000} | {row.RecallDelta:+0.0000;-0.0000;0.0000} | {row.F1Delta:+0.0000;-0.0000;0.0000} | {row.Candidate.F1:F4} | {row.Baseline.F1:F4} |"));
        }

        md.AppendLine().AppendLine(McNemarLine(c)).AppendLine();
        foreach (var (kind, list) in new[] { ("fixed", c.Fixed), ("broken", c.Broken) })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {Title(kind, list.Count)}").AppendLine();
            foreach (var (image, i) in list.Take(MaxThumbnails).Select((image, i) => (image, i)))
            {
                var thumb = ThumbnailPath(kind, i);
                var picture = thumbnails.Contains(thumb) ? $"![{image.RelativePath}]({thumb}) " : "";
                md.AppendLine(CultureInfo.InvariantCulture, $"- {picture}`{image.RelativePath}`: true {image.TrueLabel}, candidate {image.CandidateLabel}, baseline {image.BaselineLabel}");
            }

            md.AppendLine();
        }
    }

    public static void AppendHtml(StringBuilder html, EvaluationResult result)
    {
        var c = result.Comparison!;
        html.AppendLine("<h2>Compared with the baseline</h2>");
        html.AppendLine(Invariant($"<p>Baseline <code>{E(c.BaselinePath)}</code> (created {c.BaselineManifest.CreatedUtc:yyyy-MM-dd HH:mm} UTC) on the same {result.Report.Count} images.</p>"));
        if (c.ClassesDiffer)
        {
            html.AppendLine(Invariant($"<p>The class lists differ: only the {c.SharedClasses.Count} shared classes are compared ({E(string.Join(", ", c.SharedClasses))}). Only in the candidate: {E(List(c.CandidateOnlyClasses))}; only in the baseline: {E(List(c.BaselineOnlyClasses))}.</p>"));
        }

        html.AppendLine("<table><tr><th>Metric</th><th>Candidate</th><th>Baseline</th><th>Δ</th></tr>");
        foreach (var (name, candidate, baseline) in Headline(result.Report, c.BaselineReport))
        {
            html.AppendLine(Invariant($"<tr><td>{name}</td><td class=\"n\">{candidate:F4}</td><td class=\"n\">{baseline:F4}</td><td class=\"n\">{candidate - baseline:+0.0000;-0.0000;0.0000}</td></tr>"));
        }

        html.AppendLine("</table><table><tr><th>Class</th><th>Precision Δ</th><th>Recall Δ</th><th>F1 Δ</th><th>F1 candidate</th><th>F1 baseline</th></tr>");
        foreach (var row in c.PerClass)
        {
            html.AppendLine(Invariant($"<tr><td>{E(row.Class)}</td><td class=\"n\">{row.PrecisionDelta:+0.0000;-0.0000;0.0000}</td><td class=\"n\">{row.RecallDelta:+0.0000;-0.0000;0.0000}</td><td class=\"n\">{row.F1Delta:+0.0000;-0.0000;0.0000}</td><td class=\"n\">{row.Candidate.F1:F4}</td><td class=\"n\">{row.Baseline.F1:F4}</td></tr>"));
        }

        html.AppendLine("</table>").AppendLine(CultureInfo.InvariantCulture, $"<p>{E(McNemarLine(c))}</p>");
        foreach (var (kind, list) in new[] { ("fixed", c.Fixed), ("broken", c.Broken) })
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h3>{E(Title(kind, list.Count))}</h3><div class=\"mistakes\">");
            foreach (var image in list.Take(MaxThumbnails))
            {
                var jpeg = Reports.Thumbnails.Create(image.Path);
                var picture = jpeg is null ? "<p>(no longer readable)</p>" : $"<img alt=\"{E(image.RelativePath)}\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(jpeg)}\">";
                html.AppendLine(CultureInfo.InvariantCulture, $"<figure class=\"{kind}\">{picture}<figcaption>true <b>{E(image.TrueLabel)}</b>, candidate <b>{E(image.CandidateLabel)}</b>, baseline <b>{E(image.BaselineLabel)}</b><br><code>{E(image.RelativePath)}</code></figcaption></figure>");
            }

            html.AppendLine("</div>");
        }
    }

    private static IEnumerable<(string Kind, ChangedImage Image, int Index)> Shown(BaselineComparison c) =>
        c.Fixed.Take(MaxThumbnails).Select((image, i) => ("fixed", image, i))
            .Concat(c.Broken.Take(MaxThumbnails).Select((image, i) => ("broken", image, i)));

    private static string ThumbnailPath(string kind, int index) => string.Create(CultureInfo.InvariantCulture, $"{ThumbnailFolder}/{kind}-{index:000}.jpg");

    private static (string Name, double Candidate, double Baseline)[] Headline(ClassificationReport candidate, ClassificationReport baseline) =>
    [
        ("Micro accuracy", candidate.MicroAccuracy, baseline.MicroAccuracy),
        ("Macro accuracy", candidate.MacroAccuracy, baseline.MacroAccuracy),
        ("Macro F1", candidate.MacroF1, baseline.MacroF1),
        ("Log-loss", candidate.LogLoss, baseline.LogLoss),
        .. BaselineComparison.CalibrationRows(candidate, baseline),
    ];

    private static string McNemarLine(BaselineComparison c) => Invariant(
        $"McNemar's exact test: {c.McNemar.Fixed} fixed (candidate right, baseline wrong), {c.McNemar.Broken} broken (candidate wrong, baseline right), two-sided p = {c.McNemar.PValue:0.####}.");

    private static string Title(string kind, int count) => Invariant(
        $"{(kind == "fixed" ? "Fixed: wrong before, right now" : "Broken: right before, wrong now")} ({count}{(count > MaxThumbnails ? $", first {MaxThumbnails} shown" : "")})");

    private static string List(IReadOnlyList<string> classes) => classes.Count == 0 ? "none" : string.Join(", ", classes);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
