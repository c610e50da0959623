using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Prediction;

namespace MlPipeline.Core.Evaluation.Comparison;

/// <summary>Both models' predictions for one file.</summary>
public sealed record PairedPrediction(ScoredFile Candidate, ImagePrediction Baseline);

/// <summary>
/// Scores every file with two models while decoding it once: the baseline's pipeline is appended to the
/// candidate's, so each decoded image flows through both in one pass of <see cref="StreamingScorer"/>.
/// </summary>
public sealed class PairedPredictor(LoadedModel candidate, LoadedModel baseline)
{
    /// <summary>Calls <paramref name="onResult"/> once per path, in order, with both predictions or the read error.</summary>
    public void Predict(IReadOnlyList<string> paths, Action<int, PairedPrediction?, string?> onResult, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var reader = new ImageReader(candidate.Manifest.Backbone.InputWidth, candidate.Manifest.Backbone.InputHeight);
        var both = new TransformerChain<ITransformer>(candidate.Model, baseline.Model);
        new StreamingScorer(candidate.MLContext, reader).Run(paths, both, Bind, onResult, ct);
    }

    // The baseline's output columns have the same names as the candidate's and shadow them; ML.NET keeps the
    // shadowed ones as hidden columns earlier in the schema, so the first of each name is the candidate's. Each
    // model also has a key-typed PredictedLabel (before its key-to-label mapping); only the text ones are labels.
    private static Func<PairedPrediction> Bind(DataViewRowCursor cursor)
    {
        var labels = cursor.Schema.Where(c => c.Name == ColumnNames.PredictedLabel && c.Type is TextDataViewType).ToList();
        var scores = cursor.Schema.Where(c => c.Name == ColumnNames.Score).ToList();
        if (labels.Count != 2 || scores.Count != 2)
        {
            throw new InvalidOperationException($"Expected two models' outputs, found {labels.Count} label and {scores.Count} score columns.");
        }

        var getLabels = labels.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
        var getScores = scores.Select(c => cursor.GetGetter<VBuffer<float>>(c)).ToArray();
        var getHash = cursor.GetGetter<ReadOnlyMemory<char>>(cursor.Schema[StreamingScorer.ContentHashColumn]);
        ReadOnlyMemory<char> label = default, hash = default;
        VBuffer<float> score = default;
        ImagePrediction Read(int model)
        {
            getLabels[model](ref label);
            getScores[model](ref score);
            return new ImagePrediction { PredictedLabel = label.ToString(), Score = [.. score.DenseValues()] };
        }

        return () =>
        {
            getHash(ref hash);
            return new PairedPrediction(new ScoredFile(Read(0), hash.ToString()), Read(1));
        };
    }
}
