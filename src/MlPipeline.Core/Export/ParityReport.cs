namespace MlPipeline.Core.Export;

/// <summary>The outcome of running the model zip and the exported ONNX file on the same inputs.</summary>
/// <param name="Inputs">How many inputs were compared.</param>
/// <param name="MaxProbabilityDifference">Largest absolute difference of any class probability.</param>
/// <param name="Tolerance">The largest difference accepted.</param>
public sealed record ParityReport(int Inputs, double MaxProbabilityDifference, double Tolerance);
