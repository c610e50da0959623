using System.Threading.Channels;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Serving;

/// <summary>
/// A fixed set of ML.NET prediction engines lent out one request at a time: an engine is not thread-safe, while
/// creating one per request would redo the pipeline's setup each time. They all share the model's ONNX session.
/// </summary>
internal sealed class PredictionEnginePool : IDisposable
{
    private readonly List<PredictionEngine<ImageInput, ImagePrediction>> _engines;
    private readonly Channel<PredictionEngine<ImageInput, ImagePrediction>> _idle;

    public PredictionEnginePool(LoadedModel model, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _engines = [.. Enumerable.Range(0, size).Select(_ => model.MLContext.Model.CreatePredictionEngine<ImageInput, ImagePrediction>(model.Model))];
        _idle = Channel.CreateBounded<PredictionEngine<ImageInput, ImagePrediction>>(size);
        foreach (var engine in _engines)
        {
            _idle.Writer.TryWrite(engine);
        }
    }

    public int Size => _engines.Count;

    /// <summary>Scores one decoded image, waiting for a free engine if all are busy.</summary>
    public async ValueTask<ImagePrediction> PredictAsync(MLImage image, CancellationToken ct)
    {
        var engine = await _idle.Reader.ReadAsync(ct);
        try
        {
            return engine.Predict(new ImageInput { Image = image });
        }
        finally
        {
            _idle.Writer.TryWrite(engine);
        }
    }

    public void Dispose()
    {
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }
    }
}
