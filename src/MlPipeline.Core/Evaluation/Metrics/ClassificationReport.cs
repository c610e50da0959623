using Microsoft.ML.Data;

namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>
/// Multiclass metrics in a form that prints and serializes well: ML.NET's evaluator figures plus per-class F1 and
/// the confusion matrix with class names.
/// </summary>
/// <param name="Classes">Class names, the order of every per-class list and of the matrix rows and columns.</param>
/// <param name="Count">Number of examples evaluated.</param>
/// <param name="MicroAccuracy">Fraction of examples predicted right.</param>
/// <param name="MacroAccuracy">Mean over classes of each class's recall.</param>
/// <param name="LogLoss">Mean negative log-probability of the true class.</param>
/// <param name="TopKAccuracy">Accuracy when any of the k most probable classes counts, for k = 1..3 where classes allow.</param>
/// <param name="PerClass">Per-class precision, recall, F1 and support.</param>
/// <param name="ConfusionMatrix">Counts; rows are true classes, columns predicted classes.</param>
public sealed record ClassificationReport(
    IReadOnlyList<string> Classes,
    int Count,
    double MicroAccuracy,
    double MacroAccuracy,
    double LogLoss,
    IReadOnlyDictionary<int, double> TopKAccuracy,
    IReadOnlyList<ClassMetrics> PerClass,
    IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix)
{
    /// <summary>Whether the probabilities mean what they say (ECE, Brier score, confidence against accuracy).</summary>
    /// <remarks>Null only in metrics written before the tool measured calibration.</remarks>
    public CalibrationMetrics? Calibration { get; init; }

    /// <summary>Mean F1 over classes that have examples.</summary>
    public double MacroF1 => PerClass.Where(c => c.Support > 0).Select(c => c.F1).DefaultIfEmpty(0).Average();

    /// <summary>Builds the report from ML.NET's multiclass metrics.</summary>
    public static ClassificationReport From(MulticlassClassificationMetrics metrics, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(classes);
        var matrix = metrics.ConfusionMatrix;
        var counts = matrix.Counts.Select(row => (IReadOnlyList<int>)[.. row.Select(v => (int)Math.Round(v))]).ToList();
        var perClass = classes.Select((name, i) =>
        {
            var precision = matrix.PerClassPrecision[i];
            var recall = matrix.PerClassRecall[i];
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            return new ClassMetrics(name, precision, recall, f1, counts[i].Sum());
        }).ToList();

        var topK = new Dictionary<int, double> { [1] = metrics.MicroAccuracy };
        for (var k = 2; k <= Math.Min(3, classes.Count); k++)
        {
            topK[k] = metrics.TopKAccuracyForAllK[k - 1];
        }

        return new ClassificationReport(
            classes, counts.Sum(r => r.Sum()), metrics.MicroAccuracy, metrics.MacroAccuracy, metrics.LogLoss, topK, perClass, counts);
    }
}
