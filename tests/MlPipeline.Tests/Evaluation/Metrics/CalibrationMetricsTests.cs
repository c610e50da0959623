using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Evaluation.Metrics;

public sealed class CalibrationMetricsTests
{
    [Theory]
    [MemberData(nameof(Names))]
    public void ECE_Brier_confidence_and_accuracy_match_Pythons_standard_library(string name)
    {
        var golden = CalibrationGolden.Named(name);

        var metrics = CalibrationMetrics.Compute(golden.Probabilities, golden.Labels);

        Assert.Equal(golden.ExpectedCalibrationError, metrics.ExpectedCalibrationError, 1e-12);
        Assert.Equal(golden.BrierScore, metrics.BrierScore, 1e-12);
        Assert.Equal(golden.MeanConfidence, metrics.MeanConfidence, 1e-12);
        Assert.Equal(golden.Accuracy, metrics.Accuracy, 1e-12);
        Assert.Equal(golden.BinCounts, metrics.Bins.Select(b => b.Count));
    }

    [Fact]
    public void Two_images_worked_by_hand_give_their_ECE_and_Brier_score()
    {
        // Image 1: right at confidence 0.75 (bin (0.7333, 0.8]); image 2: wrong at confidence 0.5 (bin (0.4667, 0.5333]).
        // ECE = 1/2 |1 - 0.75| + 1/2 |0 - 0.5| = 0.375. Brier = ((0.25² + 0.25²) + (0.5² + 0.5²)) / 2 = 0.3125.
        float[][] probabilities = [[0.75f, 0.25f], [0.5f, 0.5f]];

        var metrics = CalibrationMetrics.Compute(probabilities, [0, 1]);

        Assert.Equal(0.375, metrics.ExpectedCalibrationError, 1e-12);
        Assert.Equal(0.3125, metrics.BrierScore, 1e-12);
        Assert.Equal(0.625, metrics.MeanConfidence, 1e-12);
        Assert.Equal(0.5, metrics.Accuracy, 1e-12);
        Assert.Equal(1, metrics.Bins[11].Count);
        Assert.Equal(1, metrics.Bins[7].Count);
        Assert.Equal(CalibrationMetrics.BinCount, metrics.Bins.Count);
    }

    [Fact]
    public void A_model_right_as_often_as_it_says_has_no_calibration_error()
    {
        // Four images at confidence 0.75, three of them right.
        float[][] probabilities = [[0.75f, 0.25f], [0.75f, 0.25f], [0.75f, 0.25f], [0.75f, 0.25f]];

        Assert.Equal(0, CalibrationMetrics.Compute(probabilities, [0, 0, 0, 1]).ExpectedCalibrationError, 1e-12);
    }

    public static TheoryData<string> Names() => CalibrationGolden.Names();
}
