using Microsoft.ML;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>Evaluates a freshly fitted head on held-out features, so <c>train</c> reports exactly what <c>evaluate</c> does.</summary>
public static class HeadEvaluation
{
    /// <summary>Scores <paramref name="validation"/> with the fitted head and runs ML.NET's multiclass evaluator over it.</summary>
    public static ClassificationReport Evaluate(this ClassifierHead head, ITransformer fitted, IReadOnlyList<FeaturizedImage> validation)
    {
        ArgumentNullException.ThrowIfNull(head);
        var predictions = head.Predict(fitted, validation);
        var evaluated = validation.Zip(predictions, (image, prediction) => new EvaluatedImage(
            image.Source.Path, image.Source.RelativePath, image.Source.Label, prediction.PredictedLabel, prediction.Score));
        return ScoreEvaluator.Evaluate(head.Context, head.Classes, [.. evaluated]);
    }
}
