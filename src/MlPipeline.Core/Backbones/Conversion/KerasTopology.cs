namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>What a Keras image classifier's model.json says about its shape.</summary>
/// <param name="InputHeight">Input height in pixels, from the InputLayer.</param>
/// <param name="InputWidth">Input width in pixels, from the InputLayer.</param>
/// <param name="FeatureLayer">The layer before the classifier (e.g. the GlobalAveragePooling2D).</param>
public sealed record KerasTopology(int InputHeight, int InputWidth, string FeatureLayer);
