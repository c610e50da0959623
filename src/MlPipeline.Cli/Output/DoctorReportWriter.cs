using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Dataset.Health;
using MlPipeline.Core.Models;

namespace MlPipeline.Cli.Output;

/// <summary>Prints <c>doctor</c>'s findings: a readable summary, or the whole report as JSON with <c>--json</c>.</summary>
internal static class DoctorReportWriter
{
    // The summary lists this many examples per finding; --json lists all.
    private const int Examples = 5;

    public static void Write(CliConsole console, DoctorReport report, bool asJson)
    {
        if (asJson)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(report, ModelStore.Json));
            return;
        }

        var o = console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dataset {report.Root}: {report.Files} image files in {report.Classes.Count} classes (imbalance ratio {report.ImbalanceRatio:F2})"));
        foreach (var c in report.Classes)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Name,-24} {c.Readable,6} readable of {c.Files}"));
        }

        Section(o, "Unreadable", report.Unreadable.Select(f => $"{f.Path}: {f.Detail}"));
        Section(o, "Exact duplicates within a class", report.DuplicatesWithinClass.Select(d => string.Join(" = ", d.Paths)));
        Section(o, "Label conflicts (left out by train)", report.LabelConflicts.Select(c => $"{string.Join(" = ", c.RelativePaths)} ({string.Join(" vs ", c.Labels)})"));
        Section(o, "Near-duplicates", report.NearDuplicates.OrderByDescending(p => p.CrossesSplit).ThenBy(p => p.SameClass).Select(p =>
            $"{p.A} ~ {p.B} ({p.Distance} bits{(p.CrossesSplit ? ", train/validation leak" : p.SameClass ? "" : ", different classes")})"));
        Section(o, "Tiny images", report.TinyImages.Select(f => $"{f.Path}: {f.Detail}"));
        Section(o, "Extreme aspect ratios", report.ExtremeAspectRatios.Select(f => $"{f.Path}: {f.Detail}"));
        Section(o, "Extension does not match content", report.ExtensionMismatches.Select(f => $"{f.Path}: {f.Detail}"));
        Section(o, "Skipped entries", report.SkippedEntries.Select(s => $"{s.RelativePath}: {s.Reason}"));
        Section(o, "Names that are not UTF-8", report.NonUtf8Names);
        Section(o, "Colliding class names", report.ClassNameCollisions.Select(g => string.Join(" / ", g)));

        foreach (var problem in report.Problems)
        {
            o.WriteLine($"PROBLEM: {problem}");
        }

        foreach (var warning in report.Warnings)
        {
            o.WriteLine($"warning: {warning}");
        }

        var verdict = report.Problems.Count > 0 ? "train would refuse this dataset"
            : report.Warnings.Count > 0 ? "usable, with warnings" : "clean";
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Verdict: {verdict} ({report.ImagesPerSecond:F0} images/s checked)"));
    }

    private static void Section(TextWriter o, string title, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        if (all.Count == 0)
        {
            return;
        }

        o.WriteLine($"{title} ({all.Count}):");
        foreach (var line in all.Take(Examples))
        {
            o.WriteLine($"  {line}");
        }

        if (all.Count > Examples)
        {
            o.WriteLine($"  ... and {all.Count - Examples} more (--json lists all)");
        }
    }
}
