using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>
/// Runs ML.NET's multiclass evaluator over predictions already made, so <c>evaluate</c> reports exactly what
/// <c>train</c> reports without scoring images a second time: only labels and score vectors go in.
/// </summary>
internal static class ScoreEvaluator
{
    private const string Label = "Label";
    private const string Predicted = "Predicted";
    private const string Score = "Score";
    private const string LabelKey = "LabelKey";
    private const string PredictedKey = "PredictedKey";

    public static ClassificationReport Evaluate(MLContext mlContext, IReadOnlyList<string> classes, IReadOnlyList<EvaluatedImage> images)
    {
        var schema = SchemaDefinition.Create(typeof(ScoredRow));
        schema[Score].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes.Count);
        var rows = mlContext.Data.LoadFromEnumerable(
            images.Select(i => new ScoredRow { Label = i.TrueLabel, Predicted = i.PredictedLabel, Score = [.. i.Scores] }).ToList(),
            schema);
        // Keys are mapped from the model's class list, as ClassifierHead does in train, so key order is score
        // order and classes absent from the folder still get a row and column (support 0).
        var classKeys = mlContext.Data.LoadFromEnumerable(classes.Select(c => new ClassRow { Label = c }).ToList());
        var keyed = mlContext.Transforms.Conversion.MapValueToKey(LabelKey, Label, keyData: classKeys)
            .Append(mlContext.Transforms.Conversion.MapValueToKey(PredictedKey, Predicted, keyData: classKeys))
            .Fit(rows)
            .Transform(rows);
        var metrics = mlContext.MulticlassClassification.Evaluate(
            keyed,
            labelColumnName: LabelKey,
            scoreColumnName: Score,
            predictedLabelColumnName: PredictedKey,
            topKPredictionCount: Math.Min(3, classes.Count));
        var classIndex = classes.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        var calibration = CalibrationMetrics.Compute([.. images.Select(i => i.Scores)], [.. images.Select(i => classIndex[i.TrueLabel])]);
        return ClassificationReport.From(metrics, classes) with { Calibration = calibration };
    }

    private sealed class ClassRow
    {
        public string Label { get; set; } = "";
    }

    private sealed class ScoredRow
    {
        public string Label { get; set; } = "";

        public string Predicted { get; set; } = "";

        public float[] Score { get; set; } = [];
    }
}
