using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Prediction;

/// <summary>
/// Classifies many image files in input order with flat memory: decoding runs ahead in parallel with the model
/// (see <see cref="StreamingScorer"/>), and each result is handed over as soon as it is ready.
/// </summary>
public sealed class BatchPredictor(LoadedModel model)
{
    /// <summary>
    /// Calls <paramref name="onResult"/> once per path, in order, with the prediction (and the file's content hash,
    /// computed while decoding) or the reason the file could not be read.
    /// </summary>
    public void Predict(IReadOnlyList<string> paths, Action<int, ScoredFile?, string?> onResult, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        var reader = new ImageReader(model.Manifest.Backbone.InputWidth, model.Manifest.Backbone.InputHeight);
        new StreamingScorer(model.MLContext, reader).Run(paths, model.Model, BindPrediction, onResult, ct);
    }

    private static Func<ScoredFile> BindPrediction(DataViewRowCursor cursor)
    {
        var getLabel = cursor.GetGetter<ReadOnlyMemory<char>>(cursor.Schema[ColumnNames.PredictedLabel]);
        var getScore = cursor.GetGetter<VBuffer<float>>(cursor.Schema[ColumnNames.Score]);
        var getHash = cursor.GetGetter<ReadOnlyMemory<char>>(cursor.Schema[StreamingScorer.ContentHashColumn]);
        ReadOnlyMemory<char> label = default;
        VBuffer<float> score = default;
        ReadOnlyMemory<char> hash = default;
        return () =>
        {
            getLabel(ref label);
            getScore(ref score);
            getHash(ref hash);
            return new ScoredFile(new ImagePrediction { PredictedLabel = label.ToString(), Score = [.. score.DenseValues()] }, hash.ToString());
        };
    }
}
