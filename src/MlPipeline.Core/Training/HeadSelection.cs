using System.Diagnostics;
using Microsoft.ML;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Training;

/// <summary>
/// Chooses the head's feature scaling and L2 strength on the validation split, as PyTorch's validated probe chooses
/// its L2 (issue 18): each candidate is fitted on the training features, scored on the validation features, and
/// the best by <see cref="ValidationScore.Beats"/> is the head. The features are cached, so a candidate costs one
/// L-BFGS fit on 2048-float vectors, not a pass of the backbone.
/// </summary>
internal static class HeadSelection
{
    /// <summary>The L2 strengths tried, strongest first, so an exact tie keeps the stronger regularization.</summary>
    /// <remarks>On the mean loss, as the PyTorch peer's probe (which tries 1e-4 to 1e-2), and with L1 off, as it has none.</remarks>
    public static IReadOnlyList<float> L2Grid { get; } = [1f, 1e-1f, 1e-2f, 1e-3f, 1e-4f];

    /// <summary>Every candidate: ML.NET's defaults (the head before selection), then each scaling with each L2 and no L1.</summary>
    public static IReadOnlyList<HeadSettings> Candidates { get; } =
    [
        HeadSettings.Default,
        .. new[] { FeatureScaling.MinMax, FeatureScaling.Standardize }.SelectMany(s => L2Grid.Select(l2 => new HeadSettings(s, 0, l2))),
    ];

    /// <summary>Fits the head chosen on <paramref name="validation"/>, or <see cref="HeadSettings.Default"/> when nothing is held out.</summary>
    public static (ITransformer Model, HeadChoice Choice) Fit(
        ClassifierHead head, IReadOnlyList<FeaturizedImage> train, IReadOnlyList<FeaturizedImage> validation, IReadOnlyList<HeadSettings>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(validation);
        var stopwatch = Stopwatch.StartNew();
        if (validation.Count == 0)
        {
            var model = head.Fit(train, HeadSettings.Default);
            return (model, Choice(HeadSettings.Default, null, 1, stopwatch));
        }

        (ITransformer Model, HeadSettings Settings, ValidationScore Score)? best = null;
        var tried = candidates ?? Candidates;
        foreach (var settings in tried)
        {
            var model = head.Fit(train, settings);
            var score = Score(head, model, validation);
            if (best is null || score.Beats(best.Value.Score))
            {
                best = (model, settings, score);
            }
        }

        return (best!.Value.Model, Choice(best.Value.Settings, best.Value.Score, tried.Count, stopwatch));
    }

    /// <summary>A fitted head's validation accuracy and unsmoothed log-loss, from its own numbers.</summary>
    public static ValidationScore Score(ClassifierHead head, ITransformer model, IReadOnlyList<FeaturizedImage> validation)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(validation);
        var parameters = HeadParameters.From(model);
        var labelOf = head.Classes.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        List<float[]> logits = [.. validation.Select(i => parameters.Logits(i.Features))];
        List<int> labels = [.. validation.Select(i => labelOf[i.Source.Label])];
        var correct = logits.Zip(labels).Count(p => HeadParameters.ArgMax(p.First) == p.Second);
        return new ValidationScore((double)correct / validation.Count, TemperatureScaling.NegativeLogLikelihood(logits, labels, 1));
    }

    private static HeadChoice Choice(HeadSettings settings, ValidationScore? score, int candidates, Stopwatch stopwatch) =>
        new(settings.ScalingName, settings.L1, settings.L2, score, candidates, stopwatch.Elapsed.TotalSeconds);
}
