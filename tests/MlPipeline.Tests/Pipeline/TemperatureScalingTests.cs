using MlPipeline.Core.Pipeline;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Pipeline;

public sealed class TemperatureScalingTests
{
    [Theory]
    [MemberData(nameof(Names))]
    public void The_fitted_temperature_is_the_NLL_minimum_Pythons_golden_section_search_finds(string name)
    {
        var golden = CalibrationGolden.Named(name);

        var temperature = TemperatureScaling.Fit(golden.Logits, golden.Labels);

        Assert.Equal(golden.Temperature, temperature, 1e-4);
        Assert.Equal(golden.NllAtOne, TemperatureScaling.NegativeLogLikelihood(golden.Logits, golden.Labels, 1), 1e-9);
        Assert.Equal(golden.NllAtTemperature, TemperatureScaling.NegativeLogLikelihood(golden.Logits, golden.Labels, temperature), 1e-9);
    }

    [Fact]
    public void Images_all_predicted_right_sharpen_the_probabilities_but_never_below_the_lowest_temperature()
    {
        float[][] logits = [[3, 0, 0], [0, 2, 0], [0, 0, 4]];

        // The likelihood keeps rising towards T = 0; the fit stops where it no longer moves, or at the bound.
        Assert.InRange(TemperatureScaling.Fit(logits, [0, 1, 2]), TemperatureScaling.MinTemperature, 0.1);
    }

    public static TheoryData<string> Names() => CalibrationGolden.Names();
}
