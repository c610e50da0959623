using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Prediction;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving;

/// <summary>Turns uploaded bytes into ranked classes: decoded as training did, scored by a pooled engine.</summary>
internal sealed class ImageScorer(ModelManifest manifest, PredictionEnginePool engines)
{
    private readonly ImageReader _reader = new(manifest.Backbone.InputWidth, manifest.Backbone.InputHeight);

    /// <summary>Classes the model knows; the most <c>top</c> can usefully be.</summary>
    public int ClassCount => manifest.Classes.Count;

    /// <summary>Scores one upload.</summary>
    /// <exception cref="ImageReadException">The bytes are not a usable image.</exception>
    public async Task<PredictionRow> ScoreAsync(byte[] bytes, string name, int top, CancellationToken ct)
    {
        // Decoding happens before an engine is taken, so engines only wait on the model itself.
        using var image = _reader.Read(bytes, name).Image;
        var prediction = await engines.PredictAsync(image, ct);
        return PredictionRow.FromScores(name, manifest.Classes, prediction.Score, Math.Min(top, ClassCount), minConfidence: 0);
    }

    /// <summary>Scores one upload, or says why it could not be read; for batches, where one bad file fails alone.</summary>
    public async Task<PredictionRow> TryScoreAsync(byte[] bytes, string name, int top, CancellationToken ct)
    {
        try
        {
            return await ScoreAsync(bytes, name, top, ct);
        }
        catch (ImageReadException e)
        {
            return PredictionRow.Failed(name, e.Reason);
        }
    }

    public static PredictResponse ToResponse(PredictionRow row) => new(row.Label!, row.Confidence!.Value, row.Top);
}
