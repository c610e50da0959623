using MlPipeline.Cli;
using MlPipeline.Cli.Commands;
using MlPipeline.Core;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Tests.Cli;

/// <summary>Settings' values have one spelling, kebab case, in every option (issue 22); earlier spellings still parse.</summary>
public sealed class EnumSpellingTests
{
    private static readonly CliConsole Console = new(TextWriter.Null, TextWriter.Null, errorIsTerminal: false);

    [Fact]
    public void Names_are_the_members_in_kebab_case()
    {
        Assert.Equal(["none", "last-stage", "all"], EnumNames.Names<UnfreezeMode>());
        Assert.Equal(["u8", "s8"], EnumNames.Names<ActivationType>());
        Assert.Equal(["min-max", "percentile", "entropy"], EnumNames.Names<CalibrationMethod>());
    }

    [Theory]
    [InlineData("min-max", "u8", CalibrationMethod.MinMax, ActivationType.U8)]
    [InlineData("entropy", "s8", CalibrationMethod.Entropy, ActivationType.S8)]
    [InlineData("Percentile", "S8", CalibrationMethod.Percentile, ActivationType.S8)]
    [InlineData("MinMax", "U8", CalibrationMethod.MinMax, ActivationType.U8)]
    public void Quantize_reads_the_names_and_the_earlier_spellings(string calibration, string activations, CalibrationMethod expectedCalibration, ActivationType expectedActivations)
    {
        var command = QuantizeCommand.Create(Console, out var bind);
        var parse = command.Parse(["--data", "d", "--calibration", calibration, "--activations", activations]);

        Assert.Empty(parse.Errors);
        var options = bind(parse);
        Assert.Equal(expectedCalibration, options.Calibration);
        Assert.Equal(expectedActivations, options.Activations);
    }

    [Fact]
    public void An_unknown_value_lists_the_names()
    {
        var parse = QuantizeCommand.Create(Console).Parse(["--data", "d", "--calibration", "kl"]);

        Assert.Equal("--calibration: 'kl' is not one of min-max, percentile, entropy.", Assert.Single(parse.Errors).Message);
    }
}
