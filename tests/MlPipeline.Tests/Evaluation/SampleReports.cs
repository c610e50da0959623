using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Tests.Evaluation;

/// <summary>Hand-made reports with figures easy to check by eye.</summary>
internal static class SampleReports
{
    // 10 cats (9 right, 1 taken for a dog), 8 dogs (6 right, 2 cats), no birds.
    public static ClassificationReport CatsAndDogs() => new(
        ["cat", "dog", "bird"],
        18,
        15.0 / 18,
        (0.9 + 0.75) / 2,
        0.4,
        new Dictionary<int, double> { [1] = 15.0 / 18, [2] = 1, [3] = 1 },
        [
            new ClassMetrics("cat", 9.0 / 11, 0.9, F1(9.0 / 11, 0.9), 10),
            new ClassMetrics("dog", 6.0 / 7, 0.75, F1(6.0 / 7, 0.75), 8),
            new ClassMetrics("bird", 0, 0, 0, 0),
        ],
        [[9, 1, 0], [2, 6, 0], [0, 0, 0]]);

    private static double F1(double p, double r) => 2 * p * r / (p + r);
}
