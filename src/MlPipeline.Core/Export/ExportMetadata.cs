using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Export;

/// <summary>
/// The metadata_props of an exported model: what a consumer needs to feed it and read its outputs, and where it
/// came from. Values are strings (ONNX allows nothing else); lists and metrics are JSON.
/// </summary>
internal static class ExportMetadata
{
    /// <summary>Collects the properties; the validation metrics are the ones stored in the zip, when it has them.</summary>
    public static IReadOnlyDictionary<string, string> Create(ModelManifest manifest, ClassificationReport? validation)
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
            ["tool"] = ToolInfo.Name,
            ["tool_version"] = ToolInfo.Version,
        };
        if (validation is not null)
        {
            properties["validation_metrics"] = JsonSerializer.Serialize(
                new ValidationSummary(validation.Count, validation.MicroAccuracy, validation.MacroAccuracy, validation.LogLoss, validation.MacroF1),
                ModelStore.CompactJson);
        }

        return properties;
    }

    /// <summary>The headline validation figures, as the <c>validation_metrics</c> property holds them.</summary>
    internal sealed record ValidationSummary(int Count, double MicroAccuracy, double MacroAccuracy, double LogLoss, double MacroF1);
}
