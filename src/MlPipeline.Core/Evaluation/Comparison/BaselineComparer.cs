using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Evaluation.Comparison;

/// <summary>Builds a <see cref="BaselineComparison"/> from both models' outcomes on the same images.</summary>
public static class BaselineComparer
{
    /// <summary>Gate name of the accuracy regression check.</summary>
    public const string MaxAccuracyDropGate = "max-accuracy-drop";

    /// <summary>Gate name of the significance check.</summary>
    public const string McNemarGate = "mcnemar";

    // Accuracies are ratios of counts: a drop of exactly the allowed size must not fail on rounding.
    private const double Tolerance = 1e-9;

    /// <summary>The classes both models know, in the candidate's order.</summary>
    /// <exception cref="MlPipelineException">The models share no class (model error).</exception>
    public static IReadOnlyList<string> SharedClasses(ModelManifest candidate, ModelManifest baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var shared = candidate.Classes.Intersect(baseline.Classes, StringComparer.Ordinal).ToList();
        return shared.Count > 0
            ? shared
            : throw new MlPipelineException(ExitCode.ModelError, $"The models share no class: candidate ({string.Join(", ", candidate.Classes)}), baseline ({string.Join(", ", baseline.Classes)}).");
    }

    /// <summary>Compares; <paramref name="candidate"/> and <paramref name="baseline"/> list the same images in the same order.</summary>
    public static BaselineComparison Compare(
        BaselineOptions options,
        ModelManifest candidateManifest,
        ModelManifest baselineManifest,
        ClassificationReport candidateReport,
        ClassificationReport baselineReport,
        IReadOnlyList<EvaluatedImage> candidate,
        IReadOnlyList<EvaluatedImage> baseline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(candidateManifest);
        ArgumentNullException.ThrowIfNull(baselineManifest);
        ArgumentNullException.ThrowIfNull(candidateReport);
        ArgumentNullException.ThrowIfNull(baselineReport);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        if (candidate.Count != baseline.Count)
        {
            throw new ArgumentException("Both models must be scored on the same images.", nameof(baseline));
        }

        List<ChangedImage> fixedImages = [], broken = [];
        for (var i = 0; i < candidate.Count; i++)
        {
            var (c, b) = (candidate[i], baseline[i]);
            if (c.IsMistake != b.IsMistake)
            {
                (c.IsMistake ? broken : fixedImages).Add(new ChangedImage(c.Path, c.RelativePath, c.TrueLabel, c.PredictedLabel, b.PredictedLabel));
            }
        }

        var shared = SharedClasses(candidateManifest, baselineManifest);
        var perClass = shared.Select(name => new ClassComparison(
            name,
            candidateReport.PerClass.Single(m => m.Class == name),
            baselineReport.PerClass.Single(m => m.Class == name))).ToList();
        var mcnemar = McNemarTest.Compute(fixedImages.Count, broken.Count);
        var drop = baselineReport.MicroAccuracy - candidateReport.MicroAccuracy;
        IReadOnlyList<GateResult> gates =
        [
            new(MaxAccuracyDropGate, options.MaxAccuracyDrop, drop, drop <= options.MaxAccuracyDrop + Tolerance, []),
            new(McNemarGate, options.Alpha, mcnemar.PValue, !mcnemar.CandidateSignificantlyWorse(options.Alpha), []),
        ];
        return new BaselineComparison(
            Path.GetFullPath(options.BaselinePath),
            baselineManifest,
            shared,
            [.. candidateManifest.Classes.Except(shared, StringComparer.Ordinal)],
            [.. baselineManifest.Classes.Except(shared, StringComparer.Ordinal)],
            baselineReport,
            perClass,
            mcnemar,
            fixedImages,
            broken,
            gates);
    }
}
