using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Scoring;

namespace MlPipeline.Core.Evaluation.Comparison;

/// <summary>
/// Scores every file with a candidate and a baseline model. When both run the very same backbone (two heads over
/// one pretrained ResNet, the common case for linear probes), the backbone runs once and both heads read its
/// features; otherwise the baseline's own engine scores the files alongside.
/// </summary>
internal static class PairedPredictor
{
    /// <summary>Yields, in input order, the candidate's result and the baseline's prediction (null when unreadable).</summary>
    public static IEnumerable<(ScoredImage Candidate, ImagePrediction? Baseline)> Score(
        ScoringEngine candidate, ScoringModel baseline, IReadOnlyList<string> paths, CancellationToken ct)
    {
        if (candidate.Model.SharesBackboneWith(baseline))
        {
            foreach (var result in candidate.Score(paths, ct))
            {
                yield return (result, result.Output is { } features ? baseline.Classify(features) : null);
            }

            yield break;
        }

        using var other = new ScoringEngine(baseline);
        foreach (var (result, baselineResult) in candidate.Score(paths, ct).Zip(other.Score(paths, ct)))
        {
            yield return (result, baselineResult.Prediction);
        }
    }
}
