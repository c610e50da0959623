using MlPipeline.Core;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 20: the common mistakes with --data and --model each get one line, a hint and their exit code.</summary>
public sealed class DataMistakeTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_csv_passed_as_data_says_it_is_a_file_and_points_to_labels()
    {
        File.WriteAllText(_root.File("labels.csv"), "path,label\na.jpg,cat\n");

        var run = await Train(_root.File("labels.csv"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "labels.csv is a file; --data takes a folder with one subfolder per class; for a label file use --labels");
    }

    [Fact]
    public async Task A_model_zip_passed_as_data_says_it_goes_in_model()
    {
        File.WriteAllBytes(_root.File("model.zip"), [0x50, 0x4B, 5, 6]);

        var run = await Train(_root.File("model.zip"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "a model zip goes in --model");
    }

    [Fact]
    public async Task Images_at_the_top_level_are_counted_and_the_layout_explained()
    {
        SyntheticDataset.Generate(_root.File("flat"), new SyntheticDatasetSpec { ClassNames = ["circle"], ImagesPerClass = 3 });
        foreach (var file in Directory.GetFiles(_root.File("flat/circle")))
        {
            File.Move(file, _root.File("flat/" + Path.GetFileName(file)));
        }

        Directory.Delete(_root.File("flat/circle"));

        var run = await Train(_root.File("flat"));

        CliAssert.OneLineError(run, ExitCode.DataError, $"Found 3 images directly in {_root.File("flat")}; put each class in its own subfolder, or use --labels.");
    }

    [Fact]
    public async Task A_folder_without_images_says_so()
    {
        Directory.CreateDirectory(_root.File("nothing"));
        File.WriteAllText(_root.File("nothing/readme.txt"), "x");

        var run = await Train(_root.File("nothing"));

        CliAssert.OneLineError(run, ExitCode.DataError, "No images and no class folders in");
    }

    [Fact]
    public async Task Doctor_on_an_empty_folder_exits_3_without_a_trace()
    {
        Directory.CreateDirectory(_root.File("nothing"));

        var run = await CliHarness.RunAsync("doctor", "--data", _root.File("nothing"), "--quiet");

        Assert.Equal((int)ExitCode.DataError, run.ExitCode);
        Assert.Contains("PROBLEM: No images and no class folders in", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_on_class_folders_without_images_exits_3_without_a_trace()
    {
        Directory.CreateDirectory(_root.File("d/a"));
        Directory.CreateDirectory(_root.File("d/b"));

        var run = await CliHarness.RunAsync("doctor", "--data", _root.File("d"), "--quiet");

        Assert.Equal((int)ExitCode.DataError, run.ExitCode);
        Assert.Contains("PROBLEM: Class folder(s) without images: a, b", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exported_onnx_file_passed_as_model_says_evaluate_needs_the_zip()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ImagesPerClass = 1 });
        File.WriteAllBytes(_root.File("model.onnx"), [8, 7]);

        var run = await CliHarness.RunAsync("evaluate", "--model", _root.File("model.onnx"), "--data", _root.File("data"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "is an exported ONNX file; this command needs the model zip that train wrote");
    }

    [Fact]
    public async Task A_dataset_passed_as_model_says_data_goes_in_data()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ImagesPerClass = 1 });

        var run = await CliHarness.RunAsync("evaluate", "--model", _root.File("data"), "--data", _root.File("data"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "looks like a dataset, expected the model zip that train wrote");
    }

    private Task<CliRun> Train(string data) =>
        CliHarness.RunAsync("train", "--data", data, "--output", _root.File("out/m.zip"), "--unfreeze", "none");
}
