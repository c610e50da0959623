namespace MlPipeline.Core.Prediction.Output;

/// <summary>One class and the probability the model gives it.</summary>
/// <param name="Label">Class name.</param>
/// <param name="Probability">In [0, 1]; a row's probabilities over all classes sum to 1.</param>
public sealed record LabelProbability(string Label, float Probability);
