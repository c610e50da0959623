using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>What fine-tuning produced.</summary>
/// <param name="Backbone">The kept epoch's backbone ONNX (input <c>image</c>, output <c>features</c>); null when the probe (epoch 0) is kept.</param>
/// <param name="History">Every epoch that ran to its end, in order (a diverged epoch is left out).</param>
/// <param name="KeptEpoch">The epoch whose parameters were kept (<see cref="EpochChoice"/>); 0 is the linear probe.</param>
/// <param name="Probe">The probe's validation score (epoch 0); null when nothing is held out.</param>
/// <param name="StoppedBecause">Why the run ended (<see cref="FineTuneStops"/>).</param>
/// <param name="Parameters">Every parameter of the kept epoch by name, the head's included.</param>
public sealed record FineTuneOutcome(
    byte[]? Backbone,
    IReadOnlyList<EpochMetrics> History,
    int KeptEpoch,
    ValidationScore? Probe,
    string StoppedBecause,
    IReadOnlyDictionary<string, float[]> Parameters);
