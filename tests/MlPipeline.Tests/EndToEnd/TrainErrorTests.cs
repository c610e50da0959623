using MlPipeline.Core;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>Bad input to train: one line on stderr, a distinct exit code, no stack trace, nothing written.</summary>
public sealed class TrainErrorTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_missing_data_folder_is_a_usage_error()
    {
        var run = await CliHarness.RunAsync("train", "--data", _root.File("missing"), "--output", _root.File("m.zip"));

        AssertRefused(run, ExitCode.UsageError, "Dataset folder not found");
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var run = await CliHarness.RunAsync("train");

        Assert.Equal((int)ExitCode.UsageError, run.ExitCode);
        Assert.Contains("--data", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_fraction_out_of_range_is_a_usage_error()
    {
        Generate(["circle", "square"]);

        var run = await Train("--validation-fraction", "1.5");

        AssertRefused(run, ExitCode.UsageError, "--validation-fraction must be at least 0 and below 1, got 1.5.");
    }

    [Fact]
    public async Task A_single_class_is_a_data_error()
    {
        Generate(["circle"]);

        var run = await Train();

        AssertRefused(run, ExitCode.DataError, "Need at least 2 class folders");
    }

    [Fact]
    public async Task An_empty_class_is_a_data_error()
    {
        Generate(["circle", "square"]);
        Directory.CreateDirectory(_root.File("data/empty"));

        var run = await Train();

        AssertRefused(run, ExitCode.DataError, "without images: empty");
    }

    [Fact]
    public async Task An_unwritable_output_is_an_output_error_raised_before_any_work()
    {
        Generate(["circle", "square"]);
        File.WriteAllText(_root.File("file"), "");

        var run = await CliHarness.RunAsync("train", "--data", _root.File("data"), "--output", _root.File("file/m.zip"));

        AssertRefused(run, ExitCode.OutputError, "Cannot write to");
    }

    [Fact]
    public async Task An_unknown_backbone_is_a_usage_error()
    {
        Generate(["circle", "square"]);

        var run = await Train("--backbone", "vgg99");

        AssertRefused(run, ExitCode.UsageError, "Unknown backbone 'vgg99'");
    }

    [Fact]
    public async Task An_onnx_backbone_that_is_not_a_model_is_a_backbone_error()
    {
        Generate(["circle", "square"]);
        File.WriteAllText(_root.File("fake.onnx"), "not onnx");

        var run = await Train("--backbone", _root.File("fake.onnx"));

        AssertRefused(run, ExitCode.BackboneError, "is not a loadable ONNX model");
    }

    private void Generate(IReadOnlyList<string> classes) =>
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ClassNames = classes, ImagesPerClass = 2 });

    private Task<CliRun> Train(params string[] extra) =>
        CliHarness.RunAsync(["train", "--data", _root.File("data"), "--output", _root.File("out/m.zip"), "--unfreeze", "none", .. extra]);

    private void AssertRefused(CliRun run, ExitCode expected, string message)
    {
        CliAssert.OneLineError(run, expected, message);
        Assert.False(File.Exists(_root.File("out/m.zip")));
    }
}
