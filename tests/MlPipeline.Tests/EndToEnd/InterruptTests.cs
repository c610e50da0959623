using System.Diagnostics;
using System.Text.RegularExpressions;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>
/// Issue 23, item 8: a named pipe named like an image once made Ctrl+C take 35 s (predict, doctor) or never end a
/// run (train). Each verb here runs as its own process over a folder with a FIFO and enough images to be mid-run
/// when the signal comes.
/// </summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed partial class InterruptTests(TrainedModelFixture trained) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("doctor")]
    [InlineData("predict")]
    [InlineData("train")]
    public async Task Ctrl_C_ends_a_run_over_a_folder_with_a_fifo_within_five_seconds_with_exit_130(string verb)
    {
        var data = FolderWithFifo();
        string[] args = verb switch
        {
            "doctor" => ["doctor", "--data", data],
            "predict" => ["predict", "--model", trained.ModelPath, "--input", data, "--recursive", "--output", _root.File("predictions.csv")],
            _ => ["train", "--data", data, "--output", _root.File("model.zip"), "--cache-dir", Core.Backbones.BackboneCache.DefaultDirectory(), "--unfreeze", "none"],
        };
        await using var tool = RunningTool.Start(args);

        // The first progress line: the run has started on the images, FIFO included.
        await tool.WaitForLineAsync(l => Progress().IsMatch(l));
        var signalled = Stopwatch.StartNew();
        await tool.SignalAsync("INT");
        var exitCode = await tool.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var elapsed = signalled.Elapsed;

        Assert.True(exitCode == 130, $"exit {exitCode}: {tool.Stderr}");
        Assert.True(elapsed < Limit, $"{verb} took {elapsed.TotalSeconds:F1} s to end after SIGINT");
        Assert.False(File.Exists(_root.File("model.zip")));
    }

    // Two classes, a FIFO among them, and copies of one image: enough that no verb finishes before the signal.
    private string FolderWithFifo()
    {
        var data = _root.File("data");
        var generated = SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 4, MinSide = 160, MaxSide = 160, Seed = 3 });
        foreach (var image in generated.Images)
        {
            for (var copy = 0; copy < 150; copy++)
            {
                var target = Path.Combine(Path.GetDirectoryName(image.Path)!, $"{copy}-{Path.GetFileName(image.Path)}");
                File.Copy(image.Path, target);
            }
        }

        using var mkfifo = Process.Start("mkfifo", [Path.Combine(data, "circle", "pipe.jpg")]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return data;
    }

    [GeneratedRegex(@": \d+/\d+")]
    private static partial Regex Progress();
}
