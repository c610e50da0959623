using Microsoft.ML;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Prediction;

/// <summary>
/// A loaded model zip that classifies image files, decoding them the way training did (EXIF orientation,
/// high-quality resize). Not thread-safe: ML.NET's prediction engine is not; use one per thread.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private readonly PredictionEngine<ImageInput, ImagePrediction> _engine;
    private readonly ImageReader _reader;

    private ImageClassifier(ModelManifest manifest, PredictionEngine<ImageInput, ImagePrediction> engine)
    {
        Manifest = manifest;
        _engine = engine;
        _reader = new ImageReader(manifest.Backbone.InputWidth, manifest.Backbone.InputHeight);
    }

    /// <summary>How the model was made; its class list is the order of <see cref="ImagePrediction.Score"/>.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Loads a model zip written by <c>train</c>.</summary>
    /// <exception cref="MlPipelineException">The file is missing or not an MlPipeline model.</exception>
    public static ImageClassifier Load(string modelPath)
    {
        var manifest = ModelStore.ReadManifest(modelPath);
        ImageColumnType.EnsureRegistered();
        var mlContext = new MLContext();
        ITransformer model;
        try
        {
            model = mlContext.Model.Load(modelPath, out _);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or IOException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath} could not be loaded by ML.NET: {e.Message}", e);
        }

        return new ImageClassifier(manifest, mlContext.Model.CreatePredictionEngine<ImageInput, ImagePrediction>(model));
    }

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
