namespace MlPipeline.Core.Prediction.Output;

/// <summary>How prediction rows are written; both append one line per row, so a stopped job keeps its rows.</summary>
public enum PredictionFormat
{
    /// <summary>CSV with a header: <c>path,label,confidence,top_k,error</c>.</summary>
    Csv,

    /// <summary>JSON Lines: one object per row.</summary>
    Jsonl,
}
