namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>How <see cref="KerasToOnnxConverter"/> shapes the ONNX graph it writes.</summary>
/// <param name="FeatureLayer">
/// Name of a Keras layer whose output becomes the extra graph output <c>features</c>, flattened to
/// <c>[N, F]</c>; <see langword="null"/> for no such output.
/// </param>
/// <param name="Preprocessing">Preprocessing the graph applies to its <c>image</c> input.</param>
public sealed record ConversionOptions(string? FeatureLayer, InputPreprocessing Preprocessing);
