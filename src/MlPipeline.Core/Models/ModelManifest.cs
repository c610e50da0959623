using System.Text.Json.Serialization;

namespace MlPipeline.Core.Models;

/// <summary>
/// How a model was made, stored inside its zip (as timm and Lightning write the resolved configuration beside
/// their outputs): enough to tell two models apart and to reproduce one.
/// </summary>
public sealed record ModelManifest(
    string Tool,
    string ToolVersion,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<string> Classes,
    BackboneInfo Backbone,
    TrainingSettings Settings,
    DatasetInfo Dataset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantizationInfo? Quantization = null);

/// <summary>The backbone a model was built on.</summary>
public sealed record BackboneInfo(string Name, string Source, string Sha256, int InputWidth, int InputHeight, int FeatureSize);

/// <summary>The options a model was trained with, defaults resolved.</summary>
public sealed record TrainingSettings(double ValidationFraction, int Seed, string Trainer);

/// <summary>The data a model was trained on.</summary>
/// <param name="Root">The dataset folder as given.</param>
/// <param name="Fingerprint">SHA-256 over every used image's relative path and content hash, in order.</param>
/// <param name="Images">Images used (readable ones).</param>
/// <param name="Skipped">Unreadable files skipped.</param>
/// <param name="TrainCounts">Training images per class.</param>
/// <param name="ValidationCounts">Held-out images per class.</param>
public sealed record DatasetInfo(
    string Root,
    string Fingerprint,
    int Images,
    int Skipped,
    IReadOnlyDictionary<string, int> TrainCounts,
    IReadOnlyDictionary<string, int> ValidationCounts);
