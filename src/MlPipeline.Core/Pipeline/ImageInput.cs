using Microsoft.ML.Data;

namespace MlPipeline.Core.Pipeline;

/// <summary>The model zip's input row: one image. Plain ML.NET programs can use a class of the same shape.</summary>
public sealed class ImageInput
{
    /// <summary>The image, any size; e.g. <c>MLImage.CreateFromFile(path)</c>.</summary>
    [ColumnName(ColumnNames.Image)]
    public MLImage? Image { get; set; }
}
