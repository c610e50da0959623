using Microsoft.ML;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Prediction;

/// <summary>
/// Classifies one image file at a time, decoding it the way training did (EXIF orientation, high-quality
/// resize). Not thread-safe: ML.NET's prediction engine is not; use one per thread, or
/// <see cref="BatchPredictor"/> for many files.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private readonly PredictionEngine<ImageInput, ImagePrediction> _engine;
    private readonly ImageReader _reader;

    /// <summary>Wraps a loaded model.</summary>
    public ImageClassifier(LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Manifest = model.Manifest;
        _engine = model.MLContext.Model.CreatePredictionEngine<ImageInput, ImagePrediction>(model.Model);
        _reader = new ImageReader(Manifest.Backbone.InputWidth, Manifest.Backbone.InputHeight);
    }

    /// <summary>How the model was made; its class list is the order of <see cref="ImagePrediction.Score"/>.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Loads a model zip written by <c>train</c>.</summary>
    /// <exception cref="MlPipelineException">The file is missing or not an MlPipeline model.</exception>
    public static ImageClassifier Load(string modelPath) => new(ModelStore.Load(modelPath));

    /// <summary>Classifies one image file.</summary>
    /// <exception cref="ImageReadException">The file cannot be read as an image.</exception>
    public ImagePrediction Predict(string imagePath)
    {
        using var image = _reader.Read(imagePath).Image;
        return _engine.Predict(new ImageInput { Image = image });
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
