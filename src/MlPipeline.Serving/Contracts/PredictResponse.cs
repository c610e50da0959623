using MlPipeline.Core.Prediction.Output;

namespace MlPipeline.Serving.Contracts;

/// <summary>The answer of <c>POST /predict</c>.</summary>
/// <param name="Label">The most likely class.</param>
/// <param name="Confidence">Its probability.</param>
/// <param name="Top">The most likely classes, most likely first.</param>
public sealed record PredictResponse(string Label, float Confidence, IReadOnlyList<LabelProbability> Top);
