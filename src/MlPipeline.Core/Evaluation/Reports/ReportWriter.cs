using MlPipeline.Core.IO;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>Writes the report folder, each file atomically: metrics.json, report.md, report.html and the plot PNGs.</summary>
public static class ReportWriter
{
    /// <summary>The machine-readable metrics.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>The CI job summary.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>The self-contained page with plots and mistakes.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>Fails early when the folder cannot be created or written.</summary>
    /// <exception cref="MlPipelineException">The folder is not writable (output error).</exception>
    public static void EnsureWritable(string folder)
    {
        var full = Path.GetFullPath(folder);
        var missing = full;
        while (Path.GetDirectoryName(missing) is { } parent && !Directory.Exists(parent))
        {
            missing = parent;
        }

        var created = Directory.Exists(full) ? null : missing;
        try
        {
            AtomicFile.EnsureWritable(Path.Combine(full, MetricsFile));
        }
        finally
        {
            // Made only to probe: Write makes them again, so a run stopped before then (Ctrl+C, a data error) leaves
            // no empty report folder behind.
            for (var dir = full; created is not null; dir = Path.GetDirectoryName(dir)!)
            {
                TryRemoveEmpty(dir);
                if (dir == created)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Writes every file and returns their full paths.</summary>
    /// <exception cref="MlPipelineException">A file could not be written (output error).</exception>
    public static IReadOnlyList<string> Write(string folder, EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plots = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["confusion-matrix.png"] = Plots.ConfusionHeatmap(result.Report, normalized: false),
            ["confusion-matrix-normalized.png"] = Plots.ConfusionHeatmap(result.Report, normalized: true),
            ["per-class.png"] = Plots.PerClassBars(result.Report),
        };
        if (result.Report.Calibration is { } calibration)
        {
            plots["reliability.png"] = Plots.ReliabilityDiagram(calibration);
        }

        if (result.Manifest.FineTuning is { History.Count: > 0 } fineTuning)
        {
            plots["training-curve.png"] = Plots.TrainingCurve(fineTuning.History);
        }

        var files = new List<string>();
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, png) in plots)
            {
                files.Add(Save(folder, name, path => AtomicFile.WriteAllBytes(path, png)));
            }

            var thumbnails = result.Comparison is { } comparison ? ComparisonSection.Thumbnails(comparison) : new Dictionary<string, byte[]>();
            foreach (var (name, jpeg) in thumbnails)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
                files.Add(Save(folder, name, path => AtomicFile.WriteAllBytes(path, jpeg)));
            }

            files.Add(Save(folder, MetricsFile, path => AtomicFile.WriteAllText(path, MetricsJson.Serialize(result))));
            files.Add(Save(folder, MarkdownFile, path => AtomicFile.WriteAllText(path, MarkdownReport.Render(result, [.. thumbnails.Keys]))));
            files.Add(Save(folder, HtmlFile, path => AtomicFile.WriteAllText(path, HtmlReport.Render(result, plots))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.OutputError, $"Cannot write the report to {folder}: {e.Message}", e);
        }

        return files;
    }

    private static void TryRemoveEmpty(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty (another process wrote into it) or already gone: left as it is.
        }
    }

    private static string Save(string folder, string name, Action<string> write)
    {
        var path = Path.GetFullPath(Path.Combine(folder, name));
        write(path);
        return path;
    }
}
