using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Cli;

/// <summary><c>--quiet</c> leaves warnings and results only: no progress lines, even where stderr is not a terminal.</summary>
public sealed class QuietOptionTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Quiet_drops_the_progress_lines_and_keeps_the_result()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 4 });

        var loud = await CliHarness.RunAsync("doctor", "--data", _root.File("data"));
        var quiet = await CliHarness.RunAsync("doctor", "--data", _root.File("data"), "--quiet");

        Assert.Equal(loud.ExitCode, quiet.ExitCode);
        Assert.Contains("Checking: 0/8", loud.Stderr, StringComparison.Ordinal);
        Assert.Contains("Checking: 8/8 (100%)", loud.Stderr, StringComparison.Ordinal);
        Assert.All(quiet.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("warning: ", l, StringComparison.Ordinal));
        // The report is the result, on stdout, whatever --quiet says (its speed figure aside).
        static string Stable(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\(\d+ images/s checked\)", "");
        Assert.Equal(Stable(loud.Stdout), Stable(quiet.Stdout));
    }
}
