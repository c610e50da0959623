using System.Text.Json;
using MlPipeline.Core.Models;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving;

/// <summary>Builds the <c>GET /model</c> answer from the manifest and the training metrics JSON.</summary>
internal static class ModelDescription
{
    public static ModelResponse Describe(ModelManifest manifest, string metricsPath)
    {
        var backbone = manifest.Backbone;
        return new ModelResponse(
            manifest.Classes,
            new BackboneSummary(backbone.Name, backbone.Sha256, backbone.FeatureSize),
            new InputSize(backbone.InputWidth, backbone.InputHeight),
            manifest.CreatedUtc,
            ReadValidationMetrics(metricsPath));
    }

    private static JsonElement? ReadValidationMetrics(string metricsPath)
    {
        // The metrics file is informational and may have been left behind when the zip was copied: serve without it.
        if (!File.Exists(metricsPath))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metricsPath));
            return document.RootElement.TryGetProperty("validation", out var validation) ? validation.Clone() : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
