using Microsoft.ML;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Tests.Support;

/// <summary>
/// The reference the tool's own scoring is checked against: the model zip run by plain ML.NET, the way any ML.NET
/// program would run it (its prediction engine over the saved pipeline), on images decoded as the tool decodes them.
/// </summary>
public sealed class MlNetClassifier : IDisposable
{
    private readonly PredictionEngine<ImageInput, ImagePrediction> _engine;
    private readonly ImageReader _reader;

    private MlNetClassifier(LoadedModel model)
    {
        Manifest = model.Manifest;
        _engine = model.MLContext.Model.CreatePredictionEngine<ImageInput, ImagePrediction>(model.Model);
        _reader = new ImageReader(model.Manifest.Backbone.InputWidth, model.Manifest.Backbone.InputHeight);
    }

    /// <summary>The zip's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Loads a model zip through ML.NET.</summary>
    public static MlNetClassifier Load(string modelPath) => new(ModelStore.Load(modelPath));

    /// <summary>Classifies one image file.</summary>
    public ImagePrediction Predict(string imagePath)
    {
        using var image = _reader.Read(imagePath).Image;
        return _engine.Predict(new ImageInput { Image = image });
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
