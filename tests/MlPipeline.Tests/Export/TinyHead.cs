using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlPipeline.Tests.Export;

/// <summary>
/// A hand-made stand-in for the real head, in seconds instead of minutes: min-max normalizer and maximum-entropy
/// classifier fitted on three features (mean R, G, B of an image) to tell red, green and blue images apart.
/// fixZero is off so that the normalizer's offsets are not zero and their sign is tested too.
/// </summary>
internal sealed class TinyHead
{
    public static readonly string[] Classes = ["blue", "green", "red"];

    public TinyHead()
    {
        var rows = Enumerable.Range(0, 30).Select(i =>
        {
            var dominant = i % 3;
            float[] features = [40 + (i * 7 % 50), 60 + (i * 11 % 40), 30 + (i * 5 % 60)];
            features[2 - dominant] += 120;
            return new Row { Label = Classes[dominant], Features = features };
        }).ToList();
        var data = MLContext.Data.LoadFromEnumerable(rows);
        Model = MLContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(MLContext.Transforms.NormalizeMinMax("features", fixZero: false))
            .Append(MLContext.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "features"))
            .Append(MLContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(data);
    }

    public MLContext MLContext { get; } = new(seed: 1);

    public ITransformer Model { get; }

    /// <summary>ML.NET's class probabilities for one feature vector.</summary>
    public float[] Score(float[] features)
    {
        using var engine = MLContext.Model.CreatePredictionEngine<Row, Scored>(Model);
        return engine.Predict(new Row { Label = Classes[0], Features = features }).Score;
    }

    public sealed class Row
    {
        public string Label { get; set; } = "";

        [ColumnName("features")]
        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Scored
    {
        public float[] Score { get; set; } = [];
    }
}
