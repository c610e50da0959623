using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Export;
using MlPipeline.Core.Models;

namespace MlPipeline.Cli.Output;

/// <summary>Prints what <c>export</c> wrote: a few lines for people, or one JSON document with <c>--json</c>.</summary>
internal static class ExportResultWriter
{
    public static void Write(CliConsole console, ExportResult result, bool asJson)
    {
        if (asJson)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(result, ModelStore.Json));
            return;
        }

        var megabytes = (result.OnnxBytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
        console.Out.WriteLine($"ONNX model: {result.OnnxPath} ({megabytes} MB, {result.Classes.Count} classes: {string.Join(", ", result.Classes)})");
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Parity with the model zip: max probability difference {result.Parity.MaxProbabilityDifference:G3} on {result.Parity.Inputs} images (tolerance {result.Parity.Tolerance:G3})"));
        if (result.WebDirectory is { } web)
        {
            console.Out.WriteLine($"Web page: {Path.Combine(web, "index.html")} (serve the folder with any static file server)");
        }
    }
}
