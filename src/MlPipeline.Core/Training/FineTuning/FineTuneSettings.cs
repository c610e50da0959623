using MlPipeline.Core.Backbones;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>How <c>train</c> fine-tunes the backbone; validated once, here.</summary>
/// <param name="Unfreeze">How much of the backbone trains; <see cref="UnfreezeMode.None"/> is the linear probe alone.</param>
/// <param name="Epochs">Passes over the training images after the linear probe.</param>
/// <param name="BatchSize">Images per optimizer step.</param>
/// <param name="LearningRate">The head's peak learning rate; the backbone's is <see cref="BackboneLearningRateFactor"/> times it.</param>
/// <param name="Augment">Whether training images are randomly cropped, rotated, flipped and recoloured.</param>
/// <param name="Flip">Whether augmentation mirrors images (off for data where a mirror image means something else).</param>
/// <param name="Patience">Epochs without a better epoch (<see cref="EpochChoice"/>) before training stops early.</param>
/// <param name="CacheBudgetMiB">Memory allowed for cached frozen-part activations (validation always, training without augmentation).</param>
public sealed record FineTuneSettings(
    UnfreezeMode Unfreeze,
    int Epochs,
    int BatchSize,
    double LearningRate,
    bool Augment,
    bool Flip,
    int Patience,
    int CacheBudgetMiB)
{
    /// <summary>Default epochs: data/sample's validation loss still falls at epoch 4 and the run stays under a minute (README, "Fine-tuning").</summary>
    public const int DefaultEpochs = 4;

    /// <summary>Default batch size.</summary>
    public const int DefaultBatchSize = 16;

    /// <summary>Default peak learning rate of the head.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>Default early-stopping patience.</summary>
    public const int DefaultPatience = 2;

    /// <summary>Default activation cache budget: 1 GiB holds about 1300 last-stage activations (784 KiB each).</summary>
    public const int DefaultCacheBudgetMiB = 1024;

    /// <summary>The pretrained layers learn this much slower than the new head (discriminative learning rates).</summary>
    public const double BackboneLearningRateFactor = 0.1;

    /// <summary>Decoupled weight decay of AdamW.</summary>
    public const double WeightDecay = 1e-2;

    /// <summary>Label smoothing of the training loss.</summary>
    public const float LabelSmoothing = 0.1f;

    /// <summary>The defaults: fine-tune the last stage.</summary>
    public static FineTuneSettings Default { get; } = new(
        UnfreezeMode.LastStage, DefaultEpochs, DefaultBatchSize, DefaultLearningRate, Augment: true, Flip: true, DefaultPatience, DefaultCacheBudgetMiB);

    /// <summary>Why these settings cannot be used, or null when they can.</summary>
    public string? Problem() => this switch
    {
        { Epochs: < 1 or > 1000 } => $"--epochs must be between 1 and 1000, got {Epochs}.",
        { BatchSize: < 1 or > 1024 } => $"--batch-size must be between 1 and 1024, got {BatchSize}.",
        { LearningRate: var rate } when !double.IsFinite(rate) || rate <= 0 || rate > 1 => $"--learning-rate must be above 0 and at most 1, got {LearningRate}.",
        { Patience: < 1 } => $"--patience must be at least 1, got {Patience}.",
        { CacheBudgetMiB: < 0 } => $"--cache-budget must be at least 0 MiB, got {CacheBudgetMiB}.",
        _ => null,
    };
}
