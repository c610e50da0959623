using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Comparison;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>A class folder the model was not trained on: its images are left out of the metrics.</summary>
public sealed record UnknownClass(string Name, int Images);

/// <summary>The folder that was evaluated.</summary>
/// <param name="Root">Absolute path of the folder.</param>
/// <param name="Images">Images scored (readable, of classes the model knows).</param>
/// <param name="Fingerprint">SHA-256 over every scored image's relative path and content hash, in order (as train's).</param>
/// <param name="TrainingOverlap">How many of its images the model was trained on; null when the model did not record its training images.</param>
public sealed record EvaluatedDataset(string Root, int Images, string Fingerprint, TrainingOverlap? TrainingOverlap);

/// <summary>Evaluated images that were on the training side of the model's own split.</summary>
/// <param name="Images">Scored images whose bytes were trained on.</param>
/// <param name="IsTrainingData">The evaluated data's fingerprint is the model's: this is the training data, hold-out included.</param>
public sealed record TrainingOverlap(int Images, bool IsTrainingData);

/// <summary>What an evaluation run measured and wrote.</summary>
/// <param name="ModelPath">The model zip evaluated.</param>
/// <param name="Manifest">How that model was made.</param>
/// <param name="Dataset">The folder it was evaluated on.</param>
/// <param name="Report">The metrics, computed by ML.NET's multiclass evaluator as <c>train</c> computes them.</param>
/// <param name="Gates">Each requested gate's outcome.</param>
/// <param name="MostConfused">Class pairs mixed up, most frequent first.</param>
/// <param name="WorstMistakes">The most confidently wrong predictions.</param>
/// <param name="UnknownClasses">Class folders the model does not know, excluded from the metrics.</param>
/// <param name="Skipped">Files that could not be read.</param>
/// <param name="ReportFiles">Files written to the report folder; empty without one.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
public sealed record EvaluationResult(
    string ModelPath,
    ModelManifest Manifest,
    EvaluatedDataset Dataset,
    ClassificationReport Report,
    IReadOnlyList<GateResult> Gates,
    IReadOnlyList<ConfusedPair> MostConfused,
    IReadOnlyList<Mistake> WorstMistakes,
    IReadOnlyList<UnknownClass> UnknownClasses,
    IReadOnlyList<SkippedImage> Skipped,
    IReadOnlyList<string> ReportFiles,
    TimeSpan Elapsed) : IRunResult
{
    /// <summary>The comparison with <c>--baseline</c>; its gates are also in <see cref="Gates"/>.</summary>
    public BaselineComparison? Comparison { get; init; }

    /// <summary>Whether every requested gate passed (true when none was requested).</summary>
    public bool GatesPassed => Gates.All(g => g.Passed);

    /// <summary><see cref="ExitCode.QualityGateFailed"/> when a gate failed, else <see cref="ExitCode.Success"/>.</summary>
    public ExitCode ExitCode => GatesPassed ? ExitCode.Success : ExitCode.QualityGateFailed;
}
