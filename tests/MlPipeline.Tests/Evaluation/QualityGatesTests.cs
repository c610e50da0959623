using MlPipeline.Core;
using MlPipeline.Core.Evaluation;
using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Tests.Evaluation;

public sealed class QualityGatesTests
{
    private readonly ClassificationReport _report = SampleReports.CatsAndDogs();

    [Fact]
    public void No_thresholds_means_no_gates()
    {
        Assert.Empty(QualityGates.Check(_report, new GateThresholds()));
    }

    [Fact]
    public void Accuracy_gate_passes_at_or_above_the_threshold_and_fails_below()
    {
        var pass = Assert.Single(QualityGates.Check(_report, new GateThresholds(MinAccuracy: 15.0 / 18)));
        var fail = Assert.Single(QualityGates.Check(_report, new GateThresholds(MinAccuracy: 0.9)));

        Assert.True(pass.Passed);
        Assert.False(fail.Passed);
        Assert.Equal("gate min-accuracy 0.90: FAIL (0.8333)", fail.Describe());
    }

    [Fact]
    public void Macro_f1_gate_averages_only_classes_with_examples()
    {
        var gate = Assert.Single(QualityGates.Check(_report, new GateThresholds(MinMacroF1: 0.8)));

        Assert.Equal((_report.PerClass[0].F1 + _report.PerClass[1].F1) / 2, gate.Actual, 12);
        Assert.True(gate.Passed);
    }

    [Fact]
    public void Class_recall_gate_names_the_failing_classes_and_ignores_classes_without_examples()
    {
        var gate = Assert.Single(QualityGates.Check(_report, new GateThresholds(MinClassRecall: 0.8)));

        Assert.False(gate.Passed);
        Assert.Equal(0.75, gate.Actual, 12);
        Assert.Equal(["dog"], gate.FailingClasses);
        Assert.Equal("gate min-class-recall 0.80: FAIL (0.7500) below: dog", gate.Describe());
        Assert.True(QualityGates.Check(_report, new GateThresholds(MinClassRecall: 0.75))[0].Passed);
    }

    [Fact]
    public void Calibration_gate_passes_at_or_below_the_maximum_ECE_and_fails_above()
    {
        // Right at 0.75 three times out of four, and wrong at 0.9 once: ECE = 3/4 * 0.25 + 1/4 * 0.9 = 0.4125.
        float[][] probabilities = [[0.75f, 0.25f], [0.75f, 0.25f], [0.75f, 0.25f], [0.9f, 0.1f]];
        var report = _report with { Calibration = CalibrationMetrics.Compute(probabilities, [0, 0, 0, 1]) };

        var pass = Assert.Single(QualityGates.Check(report, new GateThresholds(MaxExpectedCalibrationError: 0.4125)));
        var fail = Assert.Single(QualityGates.Check(report, new GateThresholds(MaxExpectedCalibrationError: 0.41)));

        Assert.True(pass.Passed, pass.Describe());
        Assert.False(fail.Passed, fail.Describe());
        Assert.Equal("gate max-ece 0.41: FAIL (0.4125)", fail.Describe());
    }

    [Fact]
    public void A_negative_accuracy_drop_reads_as_an_improvement()
    {
        var gate = new GateResult("max-accuracy-drop", 0.01, -0.03, true, []);

        Assert.Equal("gate max-accuracy-drop 0.01: PASS (improved by 0.0300)", gate.Describe());
    }

    [Fact]
    public void A_report_without_calibration_fails_the_calibration_gate()
    {
        var gate = Assert.Single(QualityGates.Check(_report with { Calibration = null }, new GateThresholds(MaxExpectedCalibrationError: 1)));

        Assert.False(gate.Passed);
    }

    [Fact]
    public void Gates_are_reported_in_option_order()
    {
        var gates = QualityGates.Check(_report, new GateThresholds(0.5, 0.5, 0.5));

        Assert.Equal([QualityGates.MinAccuracy, QualityGates.MinMacroF1, QualityGates.MinClassRecall], gates.Select(g => g.Name));
        Assert.All(gates, g => Assert.True(g.Passed));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Thresholds_outside_zero_to_one_are_usage_errors(double value)
    {
        var e = Assert.Throws<MlPipelineException>(() => WithGates(new GateThresholds(MinMacroF1: value)).Validate());

        Assert.Equal(ExitCode.UsageError, e.ExitCode);
        Assert.Contains("--min-macro-f1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_are_valid_thresholds_0_passes_any_model_and_1_only_a_perfect_one()
    {
        var zero = new GateThresholds(0, 0, 0);
        var one = new GateThresholds(1, 1, 1);

        Assert.Null(Record.Exception(() => WithGates(zero).Validate()));
        Assert.Null(Record.Exception(() => WithGates(one).Validate()));
        Assert.All(QualityGates.Check(_report, zero), g => Assert.True(g.Passed, g.Describe()));
        Assert.Equal([false, false, false], QualityGates.Check(_report, one).Select(g => g.Passed));
        Assert.All(QualityGates.Check(Perfect(), one), g => Assert.True(g.Passed, g.Describe()));
    }

    // 3 cats and 2 dogs, all right.
    private static ClassificationReport Perfect() => new(
        ["cat", "dog"],
        5,
        1,
        1,
        0.01,
        new Dictionary<int, double> { [1] = 1, [2] = 1 },
        [new ClassMetrics("cat", 1, 1, 1, 3), new ClassMetrics("dog", 1, 1, 1, 2)],
        [[3, 0], [0, 2]]);

    private static EvaluateOptions WithGates(GateThresholds gates) => new("model.zip", "data", ReportDirectory: null, gates);
}
