using System.Text.Json;

namespace MlPipeline.Serving.Contracts;

/// <summary>The answer of <c>GET /model</c>: what the service classifies into and how well it did in training.</summary>
/// <param name="Labels">Class names, in score order.</param>
/// <param name="Backbone">The pretrained network under the head.</param>
/// <param name="InputSize">The size every image is resized to.</param>
/// <param name="CreatedUtc">When the model was trained.</param>
/// <param name="Metrics">The validation metrics stored in the model zip; null when nothing was held out.</param>
public sealed record ModelResponse(
    IReadOnlyList<string> Labels,
    BackboneSummary Backbone,
    InputSize InputSize,
    DateTimeOffset CreatedUtc,
    JsonElement? Metrics);

/// <summary>Identifies a backbone without revealing where it was loaded from on the server.</summary>
public sealed record BackboneSummary(string Name, string Sha256, int FeatureSize);

/// <summary>Image size in pixels.</summary>
public sealed record InputSize(int Width, int Height);
