using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Export;

/// <summary>
/// The metadata_props of an exported model: what a consumer needs to feed it and read its outputs, and where it
/// came from. Values are strings (ONNX allows nothing else); lists and metrics are JSON.
/// </summary>
internal static class ExportMetadata
{
    /// <summary>The exporting tool's version.</summary>
    public static string ToolVersion { get; } = typeof(ExportMetadata).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Collects the properties; the validation metrics come from train's metrics JSON when it is found.</summary>
    public static IReadOnlyDictionary<string, string> Create(ModelManifest manifest, string metricsPath)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var backbone = manifest.Backbone;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["classes"] = JsonSerializer.Serialize(manifest.Classes),
            ["input_name"] = StandaloneOnnxBuilder.Input,
            ["input_layout"] = "NHWC",
            ["input_type"] = "uint8 RGB 0-255",
            ["input_width"] = backbone.InputWidth.ToString(CultureInfo.InvariantCulture),
            ["input_height"] = backbone.InputHeight.ToString(CultureInfo.InvariantCulture),
            ["outputs"] = $"{StandaloneOnnxBuilder.Probabilities}: float [N, classes]; {StandaloneOnnxBuilder.Label}: int64 [N] index into classes",
            ["backbone"] = backbone.Name,
            ["backbone_sha256"] = backbone.Sha256,
            ["trained_utc"] = manifest.CreatedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["trained_with"] = $"{manifest.Tool} {manifest.ToolVersion}",
            ["dataset_fingerprint"] = manifest.Dataset.Fingerprint,
            ["tool"] = "mlpipeline",
            ["tool_version"] = ToolVersion,
        };
        if (ValidationMetrics(metricsPath) is { } metrics)
        {
            properties["validation_metrics"] = metrics;
        }

        return properties;
    }

    // train writes <model>.metrics.json beside the zip; a zip copied alone has none, and that is fine.
    private static string? ValidationMetrics(string metricsPath)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(metricsPath));
            if (!json.RootElement.TryGetProperty("validation", out var validation) || validation.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var summary = validation.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
            return summary.Count > 0 ? JsonSerializer.Serialize(summary) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
