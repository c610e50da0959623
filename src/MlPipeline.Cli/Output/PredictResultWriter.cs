using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Models;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Prediction.Output;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>
/// Prints what <c>predict</c> did: a single image's label and top-k as a table (or one JSON object with --json);
/// for a folder, whose rows are already written, a summary line on stderr (and a JSON summary on stdout with --json
/// when the rows went to a file).
/// </summary>
internal static class PredictResultWriter
{
    public static void Write(CliConsole console, PredictSummary summary, bool asJson)
    {
        if (summary.SingleImage is { } row)
        {
            WriteSingle(console, row, asJson);
            return;
        }

        console.Error.WriteLine(SummaryLine(summary));
        if (asJson && summary.OutputPath is { } output)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(PredictDocument.From(summary, output), ModelStore.Json));
        }
    }

    private static void WriteSingle(CliConsole console, PredictionRow row, bool asJson)
    {
        if (asJson)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(row, ModelStore.Json));
            return;
        }

        if (row.Error is not null)
        {
            console.Error.WriteLine($"error: {row.Path}: {row.Error}");
            return;
        }

        var table = new Table().Title(Markup.Escape(row.Path)).AddColumn("Class").AddColumn(new TableColumn("Probability").RightAligned());
        foreach (var p in row.Top)
        {
            table.AddRow(Markup.Escape(p.Label), p.Probability.ToString("F4", CultureInfo.InvariantCulture));
        }

        console.OutConsole.Write(table);
        console.OutConsole.WriteLine($"Label: {row.Label} ({row.Confidence?.ToString("F4", CultureInfo.InvariantCulture)})");
    }

    private static string SummaryLine(PredictSummary s)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{s.Predicted} predicted, {s.Failed} failed, {s.BelowConfidence} below confidence ({s.ImagesPerSecond:F1} images/s)");
        if (s.Resumed > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; {s.Resumed} already in the output ({s.ResumedFailed} failed)");
        }

        return s.OutputPath is null ? $"{line}." : $"{line}; rows in {s.OutputPath}.";
    }
}
