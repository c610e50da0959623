using MlPipeline.Core;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>The built tool as a real process, as users and scripts run it.</summary>
[Trait("Tier", "Slow")]
public sealed class ProcessTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Train_help_lists_its_options_and_an_example()
    {
        var run = await ToolProcess.RunAsync("mlpipeline", null, "train", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Example: mlpipeline train --data data/sample", run.Stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "--data", "--output", "--backbone", "--validation-fraction", "--seed", "--json", "--quiet", "--cache-dir" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_npm_and_an_empty_cache_the_error_says_how_to_supply_the_weights()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 2 });
        var environment = new Dictionary<string, string?> { ["PATH"] = _root.File("no-bin"), ["MLPIPELINE_CACHE"] = _root.File("cache") };

        var run = await ToolProcess.RunAsync("mlpipeline", environment, "train", "--data", _root.File("data"), "--output", _root.File("m.zip"));

        Assert.Equal((int)ExitCode.BackboneError, run.ExitCode);
        Assert.Contains("npm is not on PATH", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--backbone path/to/ResNet50/model.json", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_root.File("m.zip")));
    }
}
