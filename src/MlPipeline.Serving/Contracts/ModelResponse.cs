using System.Text.Json;
using MlPipeline.Core.Models;

namespace MlPipeline.Serving.Contracts;

/// <summary>The answer of <c>GET /model</c>: which model is served, what it classifies into and how well it did in training.</summary>
/// <param name="Labels">Class names, in score order.</param>
/// <param name="Backbone">The pretrained network under the head.</param>
/// <param name="InputSize">The size every image is resized to.</param>
/// <param name="CreatedUtc">When the model was trained.</param>
/// <param name="Metrics">The validation metrics stored in the model zip; null when nothing was held out.</param>
/// <param name="Sha256">SHA-256 of the model zip being served; every prediction carries it as <c>X-Model-Sha256</c>.</param>
/// <param name="LoadedUtc">When this model was loaded and took over.</param>
/// <param name="LoadMilliseconds">How long loading and checking it took.</param>
/// <param name="Precision"><c>float32</c>, or <c>int8</c> for a model written by <c>quantize</c>.</param>
/// <param name="Quantization">How the backbone was quantized; null for a float model.</param>
/// <param name="LastReloadFailure">The last reload, when it was refused (the model above kept serving); null otherwise.</param>
public sealed record ModelResponse(
    IReadOnlyList<string> Labels,
    BackboneSummary Backbone,
    InputSize InputSize,
    DateTimeOffset CreatedUtc,
    JsonElement? Metrics,
    string Sha256,
    DateTimeOffset LoadedUtc,
    double LoadMilliseconds,
    string Precision,
    QuantizationInfo? Quantization,
    ReloadFailure? LastReloadFailure);

/// <summary>Identifies a backbone without revealing where it was loaded from on the server.</summary>
public sealed record BackboneSummary(string Name, string Sha256, int FeatureSize);

/// <summary>Image size in pixels.</summary>
public sealed record InputSize(int Width, int Height);

/// <summary>A reload that was refused: when, and why. The model that was serving kept serving.</summary>
public sealed record ReloadFailure(DateTimeOffset TimeUtc, string Error);
