using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Quantization;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Quantization;

/// <summary>The accuracy report's arithmetic and the gate, without a model.</summary>
public sealed class QuantizeGateTests
{
    private static readonly LabeledImage[] Images =
        [.. Enumerable.Range(0, 100).Select(i => new LabeledImage($"/d/{i}.png", $"{i}.png", i % 2 == 0 ? "even" : "odd"))];

    [Fact]
    public void Accuracy_agreement_and_drop_are_counted_over_images_both_models_scored()
    {
        var truth = Images.Select(i => (string?)i.Label).ToArray();
        var floatLabels = truth.ToArray();
        floatLabels[0] = "odd";
        floatLabels[99] = null; // unreadable: left out of every figure
        var int8Labels = floatLabels.ToArray();
        int8Labels[1] = "even";
        int8Labels[2] = "odd";

        var comparison = AccuracyComparison.Of(Images, floatLabels, int8Labels);

        Assert.Equal(99, comparison.Images);
        Assert.Equal(98, comparison.FloatCorrect);
        Assert.Equal(96, comparison.QuantizedCorrect);
        Assert.Equal(97, comparison.Agreeing);
        Assert.Equal(2.0 / 99, comparison.AccuracyDrop);
    }

    [Theory]
    [InlineData(90, 89, 0.01, ExitCode.Success)]
    [InlineData(90, 88, 0.01, ExitCode.QualityGateFailed)]
    [InlineData(90, 91, 0.0, ExitCode.Success)]
    [InlineData(90, 89, 0.0, ExitCode.QualityGateFailed)]
    public void The_gate_fails_with_exit_7_only_beyond_the_allowed_drop(int floatCorrect, int int8Correct, double maxDrop, ExitCode expected)
    {
        var drop = new AccuracyComparison(100, floatCorrect, int8Correct, 95).AccuracyDrop;
        var result = new QuantizeResult(null, null!, drop, maxDrop, 53, [], [], TimeSpan.Zero);

        Assert.Equal(expected, result.ExitCode);
    }

    [Theory]
    [InlineData(0, 0.01, 0)]
    [InlineData(200, -0.1, 0)]
    [InlineData(200, 1.5, 0)]
    [InlineData(200, 0.01, -1)]
    public void Impossible_options_are_usage_errors(int calibrationImages, double maxDrop, int keepFloat)
    {
        var options = new QuantizeOptions("model.zip", "data", "out.zip", calibrationImages, maxDrop, KeepFloat: keepFloat);

        var error = Assert.Throws<MlPipelineException>(options.Validate);
        Assert.Equal(ExitCode.UsageError, error.ExitCode);
    }

    [Fact]
    public async Task Writing_over_the_float_model_is_refused_before_any_work()
    {
        var run = await CliHarness.RunAsync("quantize", "--model", "artifacts/none.zip", "--data", "data", "--output", "artifacts/none.zip");

        CliAssert.OneLineError(run, ExitCode.UsageError, "error: --output must differ");
    }

    [Fact]
    public void Calibration_images_cover_every_class_and_are_the_same_for_the_same_seed()
    {
        var chosen = CalibrationSet.Choose(Images, i => i.Label, 6, seed: 3);

        Assert.Equal(6, chosen.Count);
        Assert.Equal(3, chosen.Count(i => i.Label == "even"));
        Assert.Equal(chosen, CalibrationSet.Choose(Images, i => i.Label, 6, seed: 3));
        Assert.NotEqual(chosen, CalibrationSet.Choose(Images, i => i.Label, 6, seed: 4));
    }
}
