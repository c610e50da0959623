using System.Text.Json;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving;

/// <summary>Builds the <c>GET /model</c> answer from the manifest and the validation metrics stored in the zip.</summary>
internal static class ModelDescription
{
    public static ModelResponse Describe(ModelManifest manifest, ClassificationReport? validation, string sha256, DateTimeOffset loadedUtc, TimeSpan loadTime)
    {
        var backbone = manifest.Backbone;
        return new ModelResponse(
            manifest.Classes,
            new BackboneSummary(backbone.Name, backbone.Sha256, backbone.FeatureSize),
            new InputSize(backbone.InputWidth, backbone.InputHeight),
            manifest.CreatedUtc,
            validation is null ? null : JsonSerializer.SerializeToElement(validation, ModelStore.Json),
            sha256,
            loadedUtc,
            Math.Round(loadTime.TotalMilliseconds, 1),
            manifest.Quantization is null ? "float32" : "int8",
            manifest.Quantization,
            null);
    }
}
