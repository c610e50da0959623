using Microsoft.ML.Data;

namespace MlPipeline.Core.Pipeline;

/// <summary>The model zip's output row.</summary>
public sealed class ImagePrediction
{
    /// <summary>The most likely class name.</summary>
    [ColumnName(ColumnNames.PredictedLabel)]
    public string PredictedLabel { get; set; } = "";

    /// <summary>Probabilities per class, in the model's class order.</summary>
    [ColumnName(ColumnNames.Score)]
    public float[] Score { get; set; } = [];
}
