namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>Precision, recall and F1 of one class, with its number of true examples.</summary>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, int Support);
