namespace MlPipeline.Core.Training.FineTuning;

/// <summary>An image file and its class index, as fine-tuning sees it.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Label">Index into the class list.</param>
public sealed record TrainingExample(string Path, int Label);
