using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>What fine-tuning produced.</summary>
/// <param name="Backbone">The fine-tuned backbone ONNX (input <c>image</c>, output <c>features</c>), from the best epoch.</param>
/// <param name="History">Every epoch run, in order.</param>
/// <param name="BestEpoch">The epoch whose parameters were kept (lowest validation loss, or the last without validation).</param>
/// <param name="HeadWeight">The trained head weight [features, classes] of the kept epoch.</param>
/// <param name="HeadBias">The trained head bias of the kept epoch.</param>
public sealed record FineTuneOutcome(byte[] Backbone, IReadOnlyList<EpochMetrics> History, int BestEpoch, float[] HeadWeight, float[] HeadBias);
