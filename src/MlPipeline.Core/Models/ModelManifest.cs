using System.Text.Json.Serialization;

namespace MlPipeline.Core.Models;

/// <summary>
/// How a model was made, stored inside its zip (as timm and Lightning write the resolved configuration beside
/// their outputs): enough to tell two models apart and to reproduce one.
/// </summary>
public sealed record ModelManifest(
    string Tool,
    string ToolVersion,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<string> Classes,
    BackboneInfo Backbone,
    TrainingSettings Settings,
    DatasetInfo Dataset,
    FineTuningInfo? FineTuning = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] QuantizationInfo? Quantization = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CalibrationInfo? Calibration = null)
{
    /// <summary>How the final head was fitted; null in older models.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HeadChoice? Head { get; init; }
}

/// <summary>
/// The temperature the head's logits are divided by, fitted on the validation split after training; the head's
/// weights and biases in the zip already include it. Absent when nothing was held out (and in older models).
/// </summary>
/// <param name="Method">How it was fitted: <c>temperature</c> (one T minimizing the validation NLL).</param>
/// <param name="Temperature">T; below 1 sharpens the probabilities, above 1 softens them.</param>
/// <param name="ValidationImages">Images it was fitted on.</param>
/// <param name="NegativeLogLikelihoodBefore">Validation NLL without it.</param>
/// <param name="NegativeLogLikelihoodAfter">Validation NLL with it.</param>
/// <param name="ExpectedCalibrationErrorBefore">Validation ECE (15 bins) without it.</param>
/// <param name="ExpectedCalibrationErrorAfter">Validation ECE with it.</param>
public sealed record CalibrationInfo(
    string Method,
    double Temperature,
    int ValidationImages,
    double NegativeLogLikelihoodBefore,
    double NegativeLogLikelihoodAfter,
    double ExpectedCalibrationErrorBefore,
    double ExpectedCalibrationErrorAfter);

/// <summary>The backbone a model was built on (after fine-tuning, the fine-tuned one: <see cref="Sha256"/> is the ONNX inside the zip).</summary>
public sealed record BackboneInfo(string Name, string Source, string Sha256, int InputWidth, int InputHeight, int FeatureSize);

/// <summary>The options a model was trained with, defaults resolved.</summary>
public sealed record TrainingSettings(double ValidationFraction, int Seed, string Trainer)
{
    /// <summary>The separate validation folder used instead of a hold-out (then the fraction is 0), or null.</summary>
    public string? ValidationData { get; init; }

    /// <summary>The label file of validation images used instead of a hold-out (absolute paths), or null.</summary>
    public Dataset.LabelFiles.LabelFileOptions? ValidationLabels { get; init; }
}

/// <summary>The data a model was trained on.</summary>
/// <param name="Root">The dataset folder as given.</param>
/// <param name="Fingerprint">SHA-256 over every used image's relative path and content hash, in order.</param>
/// <param name="Images">Images used (readable ones).</param>
/// <param name="Skipped">Unreadable files skipped.</param>
/// <param name="TrainCounts">Training images per class.</param>
/// <param name="ValidationCounts">Held-out images per class.</param>
public sealed record DatasetInfo(
    string Root,
    string Fingerprint,
    int Images,
    int Skipped,
    IReadOnlyDictionary<string, int> TrainCounts,
    IReadOnlyDictionary<string, int> ValidationCounts)
{
    /// <summary>Extra copies of a file within one class (same bytes); each set of copies sits on one side of the split.</summary>
    public int DuplicateCopies { get; init; }

    /// <summary>Files left out because the same bytes sit under two or more classes.</summary>
    public int LabelConflicts { get; init; }

    /// <summary>
    /// The training side's content hashes as a <see cref="Dataset.ContentHashSet"/>, so evaluate can tell which of
    /// its images the model was trained on; null in models written before it was recorded.
    /// </summary>
    public string? TrainingImages { get; init; }

    /// <summary>The label file the training labels came from (absolute), or null for class folders.</summary>
    public string? LabelFile { get; init; }

    /// <summary>SHA-256 of <see cref="LabelFile"/>'s bytes when the model was trained, or null for class folders.</summary>
    public string? LabelFileSha256 { get; init; }
}

/// <summary>How the backbone was fine-tuned; absent for a linear probe (<c>--unfreeze none</c>).</summary>
/// <param name="Unfreeze">last-stage or all.</param>
/// <param name="Epochs">Epochs asked for.</param>
/// <param name="BestEpoch">The epoch whose parameters the model holds; 0 is the linear probe (no epoch beat it on validation, or the first diverged).</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="LearningRate">The head's peak learning rate.</param>
/// <param name="BackboneLearningRate">The backbone's peak learning rate.</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay.</param>
/// <param name="LabelSmoothing">Label smoothing of the training loss.</param>
/// <param name="Augment">Whether training images were augmented.</param>
/// <param name="Flip">Whether augmentation mirrored images.</param>
/// <param name="Patience">Early-stopping patience in epochs.</param>
/// <param name="PretrainedSha256">SHA-256 of the pretrained backbone the run started from.</param>
/// <param name="History">Per-epoch loss and accuracy.</param>
public sealed record FineTuningInfo(
    string Unfreeze,
    int Epochs,
    int BestEpoch,
    int BatchSize,
    double LearningRate,
    double BackboneLearningRate,
    double WeightDecay,
    double LabelSmoothing,
    bool Augment,
    bool Flip,
    int Patience,
    string PretrainedSha256,
    IReadOnlyList<EpochMetrics> History)
{
    /// <summary>The linear probe's validation score, epoch 0 of the table; null when nothing was held out (and in older models).</summary>
    public ValidationScore? Probe { get; init; }

    /// <summary>Why fine-tuning stopped (<see cref="FineTuneStops"/>); null in older models.</summary>
    public string? StoppedBecause { get; init; }
}

/// <summary>
/// The head's fitting choices, chosen on the validation split among <see cref="Candidates"/> settings; absent in
/// models written before they were chosen (those used min-max scaling with ML.NET's defaults, L1 = L2 = 1).
/// </summary>
/// <param name="Scaling"><c>min-max</c> or <c>standardize</c>.</param>
/// <param name="L1">L1 regularization weight.</param>
/// <param name="L2">L2 regularization weight (on the mean log-loss).</param>
/// <param name="Validation">The chosen head's validation score before temperature scaling; null when nothing was held out (then ML.NET's defaults are used).</param>
/// <param name="Candidates">Settings fitted and compared.</param>
/// <param name="Seconds">Time spent fitting and comparing them.</param>
public sealed record HeadChoice(string Scaling, double L1, double L2, ValidationScore? Validation, int Candidates, double Seconds);
