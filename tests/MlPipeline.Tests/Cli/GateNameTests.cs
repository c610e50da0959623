using MlPipeline.Cli;
using MlPipeline.Cli.Commands;

namespace MlPipeline.Tests.Cli;

/// <summary>An accuracy drop is gated by one option name in evaluate and quantize; evaluate's older name still parses.</summary>
public sealed class GateNameTests
{
    private static readonly CliConsole Console = new(TextWriter.Null, TextWriter.Null, errorIsTerminal: false);

    [Theory]
    [InlineData("--max-accuracy-drop")]
    [InlineData("--max-regression")]
    public void Evaluate_binds_both_spellings_to_the_baseline_gate(string option)
    {
        var command = EvaluateCommand.Create(Console, out var bind);
        var parse = command.Parse(["--data", "d", "--baseline", "prod.zip", option, "0.02"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(0.02, bind(parse).Baseline!.MaxAccuracyDrop);
    }

    [Fact]
    public void Quantize_and_evaluate_name_the_accuracy_drop_gate_alike()
    {
        Assert.Contains(EvaluateCommand.Create(Console).Options, o => o.Name == "--max-accuracy-drop");
        Assert.Contains(QuantizeCommand.Create(Console).Options, o => o.Name == "--max-accuracy-drop");
    }
}
