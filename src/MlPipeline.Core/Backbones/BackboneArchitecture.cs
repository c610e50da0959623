using MlPipeline.Core.Backbones.Conversion;

namespace MlPipeline.Core.Backbones;

/// <summary>
/// What the pipeline needs to know about a backbone's network, in one place (as fastai keeps per-architecture facts
/// in one table): its input size, where the head is cut off, and the input normalization. Where the weights come from
/// is a separate fact, <see cref="BackboneOrigin"/>.
/// </summary>
/// <param name="Name">The name users pass to <c>--backbone</c>, or the local file's name.</param>
/// <param name="InputWidth">Input width in pixels.</param>
/// <param name="InputHeight">Input height in pixels.</param>
/// <param name="FeatureLayer">
/// The Keras layer whose output is the feature vector (the pooled layer before the classifier); null for an ONNX
/// graph that already has its feature output.
/// </param>
/// <param name="FeatureSize">Length of the feature vector.</param>
/// <param name="Preprocessing">Input normalization the converter builds into the graph (none for a supplied ONNX graph).</param>
public sealed record BackboneArchitecture(
    string Name,
    int InputWidth,
    int InputHeight,
    string? FeatureLayer,
    int FeatureSize,
    InputPreprocessing Preprocessing)
{
    /// <summary>
    /// The value in the converted ONNX graph that enters the backbone's last stage (what <c>--unfreeze last-stage</c>
    /// trains), or null when the architecture has no such cut. A per-architecture fact, like the feature layer.
    /// </summary>
    public string? LastStageInput { get; init; }
}
