using System.Text.Json;

namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>
/// Converts a Keras model saved in TensorFlow.js layers format (model.json plus binary weight shards) into an
/// ONNX model with one NCHW float input <c>image</c> and the outputs <c>output</c> and, optionally, <c>features</c>.
/// </summary>
public static class KerasToOnnxConverter
{
    /// <summary>Reads model.json (shards resolved relative to it) and returns a serialized ONNX ModelProto.</summary>
    /// <param name="modelJsonPath">Path of the TF.js model.json; its weight shards are looked up in the same folder.</param>
    /// <param name="options">Which extra output to expose and which preprocessing the graph applies to its input.</param>
    /// <returns>The bytes of an ONNX model (IR version 8, opset 13).</returns>
    /// <exception cref="KerasConversionException">
    /// The files are missing or malformed, or the model uses a layer or configuration the converter does not support.
    /// </exception>
    public static byte[] Convert(string modelJsonPath, ConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Read(modelJsonPath, (path, document, model) =>
        {
            var weights = KerasWeights.Load(document.RootElement, Path.GetDirectoryName(path)!, model.LayerNames);
            return KerasGraphTranslator.Translate(model, weights, options, $"Converted by MlPipeline from {Path.GetFileName(path)} ({model.Name}).");
        });
    }

    /// <summary>Reads a model.json's topology (not its weights): the image input size and the feature layer.</summary>
    /// <param name="modelJsonPath">Path of the TF.js model.json.</param>
    /// <exception cref="KerasConversionException">The file is missing or malformed, or is not an image classifier.</exception>
    public static KerasTopology ReadTopology(string modelJsonPath) =>
        Read(modelJsonPath, (_, _, model) =>
        {
            var (height, width) = model.InputSize();
            return new KerasTopology(height, width, model.FeatureLayer().Name);
        });

    private static T Read<T>(string modelJsonPath, Func<string, JsonDocument, KerasModel, T> use)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelJsonPath);
        var path = Path.GetFullPath(modelJsonPath);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return use(path, document, KerasModel.Parse(document.RootElement));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KerasConversionException($"Cannot read the Keras model '{path}': {e.Message}", e);
        }

        // JsonElement accessors report a missing or mistyped property with these exception types.
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new KerasConversionException($"'{path}' is not a well-formed TF.js layers model: {e.Message}", e);
        }
    }
}
