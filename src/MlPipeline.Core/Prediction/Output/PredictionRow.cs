namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// What <c>predict</c> says about one image: either a label with its most likely classes, or why the file could not
/// be read. This is the shape of every output row (CSV, JSON Lines, and the single-image JSON object).
/// </summary>
/// <param name="Path">The image, relative to the input folder with '/' separators (or as given for a single file).</param>
/// <param name="Label">The most likely class, <see cref="UnknownLabel"/> below the confidence threshold, null on error.</param>
/// <param name="Confidence">The probability of the most likely class (even when the label is unknown); null on error.</param>
/// <param name="Top">The most likely classes, most likely first; empty on error.</param>
/// <param name="Error">Why the file could not be read; null when it was predicted.</param>
public sealed record PredictionRow(string Path, string? Label, float? Confidence, IReadOnlyList<LabelProbability> Top, string? Error)
{
    /// <summary>The label of a prediction below <c>--min-confidence</c>.</summary>
    public const string UnknownLabel = "unknown";

    /// <summary>Ranks a model's scores into a row.</summary>
    /// <param name="path">The row's path.</param>
    /// <param name="classes">Class names in score order (the model manifest's class list).</param>
    /// <param name="scores">Probabilities per class.</param>
    /// <param name="topK">Classes to list; clamped to the class count.</param>
    /// <param name="minConfidence">Below this top probability the label is <see cref="UnknownLabel"/>.</param>
    public static PredictionRow FromScores(string path, IReadOnlyList<string> classes, IReadOnlyList<float> scores, int topK, double minConfidence)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (classes.Count != scores.Count)
        {
            throw new ArgumentException($"{scores.Count} scores for {classes.Count} classes.", nameof(scores));
        }

        // A stable sort keeps class order among equal scores, so ties go to the first class as ML.NET's argmax does.
        List<LabelProbability> top = [.. classes
            .Select((label, i) => new LabelProbability(label, scores[i]))
            .OrderByDescending(p => p.Probability)
            .Take(topK)];
        var best = top[0];
        var label = best.Probability < minConfidence ? UnknownLabel : best.Label;
        return new PredictionRow(path, label, best.Probability, top, null);
    }

    /// <summary>A row for a file that could not be read.</summary>
    public static PredictionRow Failed(string path, string reason) => new(path, null, null, [], reason);
}
