using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Pipeline;

/// <summary>Column names of the ML.NET pipeline; the model zip's input and outputs are named by these.</summary>
public static class ColumnNames
{
    /// <summary>Model input: the image (an <see cref="Microsoft.ML.Data.MLImage"/> of any size).</summary>
    public const string Image = "Image";

    /// <summary>The image resized to the backbone's input size.</summary>
    public const string ResizedImage = "ResizedImage";

    /// <summary>Pixels as floats; named after the ONNX input because ApplyOnnxModel binds columns by name.</summary>
    public const string Pixels = BackboneGraph.Input;

    /// <summary>The backbone's pooled features; named after the ONNX output for the same reason.</summary>
    public const string Features = BackboneGraph.Features;

    /// <summary>The class name during training.</summary>
    public const string Label = "Label";

    /// <summary>The class as a key (index into the class list), what the trainer learns.</summary>
    public const string LabelKey = "LabelKey";

    /// <summary>Model output: per-class probabilities, in class order.</summary>
    public const string Score = "Score";

    /// <summary>Model output: the predicted class name.</summary>
    public const string PredictedLabel = "PredictedLabel";
}
