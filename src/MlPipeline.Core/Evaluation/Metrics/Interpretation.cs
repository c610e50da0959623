namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>Two classes the model mixes up: how often <paramref name="TrueClass"/> was taken for <paramref name="PredictedClass"/>.</summary>
public sealed record ConfusedPair(string TrueClass, string PredictedClass, int Count);

/// <summary>A wrong prediction and how sure the model was of it.</summary>
/// <param name="Image">The image and its scores.</param>
/// <param name="PredictedProbability">Probability the model gave the wrong class it chose.</param>
/// <param name="TrueProbability">Probability the model gave the right class.</param>
public sealed record Mistake(EvaluatedImage Image, double PredictedProbability, double TrueProbability);

/// <summary>
/// Where a classifier goes wrong, after fastai's ClassificationInterpretation: the class pairs it confuses most
/// and the images it was most confidently wrong about.
/// </summary>
public static class Interpretation
{
    /// <summary>How many mistakes the reports show.</summary>
    public const int DefaultMistakeCount = 12;

    /// <summary>Off-diagonal cells of the confusion matrix with at least <paramref name="minCount"/> images, most frequent first.</summary>
    public static IReadOnlyList<ConfusedPair> MostConfused(ClassificationReport report, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(report);
        var pairs = new List<ConfusedPair>();
        for (var i = 0; i < report.Classes.Count; i++)
        {
            for (var j = 0; j < report.Classes.Count; j++)
            {
                if (i != j && report.ConfusionMatrix[i][j] >= Math.Max(1, minCount))
                {
                    pairs.Add(new ConfusedPair(report.Classes[i], report.Classes[j], report.ConfusionMatrix[i][j]));
                }
            }
        }

        return [.. pairs
            .OrderByDescending(p => p.Count)
            .ThenBy(p => p.TrueClass, StringComparer.Ordinal)
            .ThenBy(p => p.PredictedClass, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The wrong predictions the model was surest of: ranked by the probability of the predicted (wrong) class,
    /// then by how little it gave the true class, then by path so the order is stable.
    /// </summary>
    public static IReadOnlyList<Mistake> WorstMistakes(IEnumerable<EvaluatedImage> images, IReadOnlyList<string> classes, int count = DefaultMistakeCount)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classes);
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        return [.. images
            .Where(i => i.IsMistake)
            .Select(i => new Mistake(i, ScoreOf(i, i.PredictedLabel, index), ScoreOf(i, i.TrueLabel, index)))
            .OrderByDescending(m => m.PredictedProbability)
            .ThenBy(m => m.TrueProbability)
            .ThenBy(m => m.Image.RelativePath, StringComparer.Ordinal)
            .Take(count)];
    }

    private static double ScoreOf(EvaluatedImage image, string label, Dictionary<string, int> index) =>
        index.TryGetValue(label, out var i) && i < image.Scores.Count ? image.Scores[i] : 0;
}
