using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MlPipeline.Core.Backbones;

namespace MlPipeline.Core.Pipeline;

/// <summary>Builds the frozen part of the pipeline: image to pooled backbone features.</summary>
public static class FeaturizerFactory
{
    /// <summary>Resize, extract RGB pixels (planar, 0-255), run the ONNX backbone to its feature output.</summary>
    public static IEstimator<ITransformer> Create(MLContext mlContext, ResolvedBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(backbone);
        var spec = backbone.Architecture;
        return mlContext.Transforms.ResizeImages(
                ColumnNames.ResizedImage,
                spec.InputWidth,
                spec.InputHeight,
                ColumnNames.Image,
                ImageResizingEstimator.ResizingKind.Fill)
            .Append(mlContext.Transforms.ExtractPixels(
                ColumnNames.Pixels,
                ColumnNames.ResizedImage,
                ImagePixelExtractingEstimator.ColorBits.Rgb,
                ImagePixelExtractingEstimator.ColorsOrder.ARGB,
                interleavePixelColors: false))
            .Append(mlContext.Transforms.ApplyOnnxModel(
                [ColumnNames.Features],
                [ColumnNames.Pixels],
                backbone.OnnxPath));
    }

    /// <summary>Fits the featurizer; nothing in it learns, so an empty input with the right schema suffices.</summary>
    public static ITransformer Fit(MLContext mlContext, ResolvedBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ImageColumnType.EnsureRegistered();
        var empty = mlContext.Data.LoadFromEnumerable(Array.Empty<ImageInput>());
        return Create(mlContext, backbone).Fit(empty);
    }

    /// <summary>
    /// The type of the feature column a fitted featurizer produces. ML.NET keeps the ONNX output's batch
    /// dimension (a 1 x 2048 vector for ResNet-50), and the head must be trained on exactly that type to bind to it.
    /// </summary>
    public static VectorDataViewType FeatureType(MLContext mlContext, ITransformer featurizer)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(featurizer);
        ImageColumnType.EnsureRegistered();
        var input = mlContext.Data.LoadFromEnumerable(Array.Empty<ImageInput>()).Schema;
        return (VectorDataViewType)featurizer.GetOutputSchema(input)[ColumnNames.Features].Type;
    }
}
