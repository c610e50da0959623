using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>What fine-tuning produced.</summary>
/// <param name="Backbone">The fine-tuned backbone ONNX (input <c>image</c>, output <c>features</c>), from the best epoch.</param>
/// <param name="History">Every epoch run, in order.</param>
/// <param name="BestEpoch">The epoch whose parameters were kept (lowest validation loss, or the last without validation).</param>
/// <param name="Parameters">Every trained parameter of the kept epoch by name, the head's included.</param>
public sealed record FineTuneOutcome(byte[] Backbone, IReadOnlyList<EpochMetrics> History, int BestEpoch, IReadOnlyDictionary<string, float[]> Parameters);
