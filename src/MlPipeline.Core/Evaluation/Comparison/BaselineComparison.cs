using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Evaluation.Comparison;

/// <summary>One class's figures for both models; deltas are candidate minus baseline.</summary>
public sealed record ClassComparison(string Class, ClassMetrics Candidate, ClassMetrics Baseline)
{
    /// <summary>Change in precision.</summary>
    public double PrecisionDelta => Candidate.Precision - Baseline.Precision;

    /// <summary>Change in recall.</summary>
    public double RecallDelta => Candidate.Recall - Baseline.Recall;

    /// <summary>Change in F1.</summary>
    public double F1Delta => Candidate.F1 - Baseline.F1;
}

/// <summary>An image on which the two models disagree about being right.</summary>
/// <param name="Path">Absolute path, for thumbnails.</param>
/// <param name="RelativePath">Path relative to the evaluated folder.</param>
/// <param name="TrueLabel">Its class folder.</param>
/// <param name="CandidateLabel">What the candidate predicts.</param>
/// <param name="BaselineLabel">What the baseline predicts.</param>
public sealed record ChangedImage(string Path, string RelativePath, string TrueLabel, string CandidateLabel, string BaselineLabel);

/// <summary>The candidate against the baseline on the same images, each decoded once and scored by both.</summary>
/// <param name="BaselinePath">The baseline model zip.</param>
/// <param name="BaselineManifest">How the baseline was made.</param>
/// <param name="SharedClasses">Classes both models know; only images of these classes are compared.</param>
/// <param name="CandidateOnlyClasses">Classes only the candidate knows (their images are left out).</param>
/// <param name="BaselineOnlyClasses">Classes only the baseline knows (their images are left out).</param>
/// <param name="BaselineReport">The baseline's metrics on the compared images (the candidate's are the result's report).</param>
/// <param name="PerClass">Both models' precision, recall and F1 per shared class.</param>
/// <param name="McNemar">The paired test over the compared images.</param>
/// <param name="Fixed">Images the candidate gets right and the baseline wrong, by path.</param>
/// <param name="Broken">Images the candidate gets wrong and the baseline right, by path.</param>
/// <param name="Gates">The regression gate and the McNemar gate.</param>
public sealed record BaselineComparison(
    string BaselinePath,
    ModelManifest BaselineManifest,
    IReadOnlyList<string> SharedClasses,
    IReadOnlyList<string> CandidateOnlyClasses,
    IReadOnlyList<string> BaselineOnlyClasses,
    ClassificationReport BaselineReport,
    IReadOnlyList<ClassComparison> PerClass,
    McNemarTest McNemar,
    IReadOnlyList<ChangedImage> Fixed,
    IReadOnlyList<ChangedImage> Broken,
    IReadOnlyList<GateResult> Gates)
{
    /// <summary>Whether the class lists differ, so that only shared classes were compared.</summary>
    public bool ClassesDiffer => CandidateOnlyClasses.Count > 0 || BaselineOnlyClasses.Count > 0;

    /// <summary>ECE, Brier score and mean confidence of both models, when both reports measured them (lower ECE and Brier are better).</summary>
    public static IReadOnlyList<(string Name, double Candidate, double Baseline)> CalibrationRows(ClassificationReport candidate, ClassificationReport baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        return candidate.Calibration is { } c && baseline.Calibration is { } b
            ?
            [
                ("ECE (15 bins)", c.ExpectedCalibrationError, b.ExpectedCalibrationError),
                ("Brier score", c.BrierScore, b.BrierScore),
                ("Mean confidence", c.MeanConfidence, b.MeanConfidence),
            ]
            : [];
    }
}
