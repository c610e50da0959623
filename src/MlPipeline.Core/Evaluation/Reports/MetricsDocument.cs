using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>The <c>metrics.json</c> of an evaluation, also what <c>evaluate --json</c> prints: a contract users parse.</summary>
/// <param name="Model">Which model was measured.</param>
/// <param name="Dataset">On what.</param>
/// <param name="Metrics">Every figure, named as in <c>train</c>'s validation metrics.</param>
/// <param name="Gates">Each requested gate's outcome.</param>
/// <param name="GatesPassed">Whether every requested gate passed.</param>
/// <param name="Comparison">The comparison with <c>--baseline</c>; null without one.</param>
/// <param name="MostConfused">Class pairs mixed up, most frequent first.</param>
/// <param name="WorstMistakes">The most confidently wrong predictions.</param>
/// <param name="ElapsedSeconds">Wall-clock time of the run.</param>
public sealed record MetricsDocument(
    MeasuredModel Model,
    MeasuredDataset Dataset,
    ClassificationReport Metrics,
    IReadOnlyList<GateResult> Gates,
    bool GatesPassed,
    BaselineComparison? Comparison,
    IReadOnlyList<ConfusedPair> MostConfused,
    IReadOnlyList<MistakeEntry> WorstMistakes,
    double ElapsedSeconds);

/// <summary>The measured model's identity, from its manifest.</summary>
/// <param name="Path">The model zip.</param>
/// <param name="Tool">The tool that made it.</param>
/// <param name="ToolVersion">That tool's version.</param>
/// <param name="CreatedUtc">When it was trained.</param>
/// <param name="Classes">Its classes, in label order.</param>
/// <param name="Backbone">The backbone inside it.</param>
/// <param name="TrainedOn">The data it was trained on.</param>
/// <param name="FineTuning">How its backbone was fine-tuned, with the per-epoch history; null for a linear probe.</param>
public sealed record MeasuredModel(
    string Path,
    string Tool,
    string ToolVersion,
    DateTimeOffset CreatedUtc,
    IReadOnlyList<string> Classes,
    BackboneIdentity Backbone,
    TrainingData TrainedOn,
    FineTuningInfo? FineTuning);

/// <summary>The backbone a model was built on.</summary>
public sealed record BackboneIdentity(string Name, string Sha256);

/// <summary>The data a model was trained on.</summary>
public sealed record TrainingData(string Root, string Fingerprint, int Images);

/// <summary>The evaluated folder, with what was left out of the metrics.</summary>
public sealed record MeasuredDataset(
    string Root, int Images, string Fingerprint, IReadOnlyList<SkippedImage> Skipped, IReadOnlyList<UnknownClass> UnknownClasses, TrainingOverlap? TrainingOverlap);

/// <summary>One confidently wrong prediction.</summary>
public sealed record MistakeEntry(string RelativePath, string TrueLabel, string PredictedLabel, double PredictedProbability, double TrueProbability);
