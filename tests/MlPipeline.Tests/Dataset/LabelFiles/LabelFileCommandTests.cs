using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset.LabelFiles;

/// <summary>Issue 20: the verbs' label-file options, in-process and before any backbone is needed.</summary>
public sealed class LabelFileCommandTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public LabelFileCommandTests() =>
        SyntheticDataset.Generate(_root.File("images"), new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 3, MinSide = 32, MaxSide = 48 });

    public void Dispose() => _root.Dispose();

    private string Labels(string text)
    {
        File.WriteAllText(_root.File("labels.csv"), text);
        return _root.File("labels.csv");
    }

    // Every generated image, as train.csv files list them: paths relative to the images root.
    private string AllRows() => string.Join(
        "\n",
        Directory.GetFiles(_root.File("images"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(_root.File("images"), f))
            .Select(r => $"{r},{Path.GetDirectoryName(r)}"));

    private Task<CliRun> Train(params string[] args) =>
        CliHarness.RunAsync(["train", .. args, "--output", _root.File("model.zip"), "--cache-dir", _root.File("no-cache"), "--quiet"]);

    [Fact]
    public async Task Train_refuses_a_malformed_row_with_its_line_and_exit_3()
    {
        var run = await Train("--labels", Labels("path,label\ncircle/a.png,circle\nsquare/b.png\n"), "--images-root", _root.File("images"));

        CliAssert.OneLineError(run, ExitCode.DataError, "labels.csv line 3 has 1 field(s), the header has 2.");
    }

    [Fact]
    public async Task Train_refuses_a_missing_label_file_with_exit_2()
    {
        var run = await Train("--labels", _root.File("nope.csv"));

        CliAssert.OneLineError(run, ExitCode.UsageError, $"Label file not found: {_root.File("nope.csv")}");
    }

    [Fact]
    public async Task Train_refuses_an_image_listed_with_two_labels_naming_both_lines()
    {
        var run = await Train("--labels", Labels("path,label\ncircle/a.png,circle\n\ncircle/a.png,square\n"), "--images-root", _root.File("images"));

        CliAssert.OneLineError(run, ExitCode.DataError, "labels circle/a.png 'circle' on line 2 and 'square' on line 4");
    }

    [Fact]
    public async Task Train_refuses_a_named_column_the_header_lacks_with_exit_3()
    {
        var run = await Train("--labels", Labels("file,class\ncircle/circle_000.jpg,circle\n"), "--images-root", _root.File("images"), "--label-column", "species");

        CliAssert.OneLineError(run, ExitCode.DataError, "the header has no column 'species' (columns: file, class); name the label column with --label-column.");
    }

    [Fact]
    public async Task Train_refuses_a_path_that_leaves_the_images_root_with_its_line_and_exit_3()
    {
        var run = await Train("--labels", Labels("path,label\ncircle/circle_000.jpg,circle\n../labels.csv,square\n"), "--images-root", _root.File("images"));

        CliAssert.OneLineError(run, ExitCode.DataError, $"line 3: ../labels.csv is outside the images root {_root.File("images")}; list paths below it, or set --images-root.");
    }

    [Fact]
    public async Task Train_refuses_a_label_file_with_one_label()
    {
        var run = await Train("--labels", Labels("path,label\ncircle/circle_000.jpg,circle\ncircle/circle_001.png,circle\n"), "--images-root", _root.File("images"));

        CliAssert.OneLineError(run, ExitCode.DataError, $"Need at least 2 labels in {_root.File("labels.csv")}, found 1 (circle).");
    }

    [Fact]
    public async Task Data_and_labels_exclude_each_other_and_one_is_needed()
    {
        var both = await Train("--data", _root.File("images"), "--labels", Labels("path,label\n"));
        var neither = await Train();

        CliAssert.OneLineError(both, ExitCode.UsageError, "--data and --labels exclude each other");
        CliAssert.OneLineError(neither, ExitCode.UsageError, "Give the data with --data (a folder of class folders) or --labels (a CSV or TSV of path and label).");
    }

    [Fact]
    public async Task Validation_labels_exclude_a_validation_fraction()
    {
        var labels = Labels("path,label\n" + AllRows());

        var run = await Train("--labels", labels, "--validation-labels", labels, "--validation-fraction", "0.3");

        CliAssert.OneLineError(run, ExitCode.UsageError, "--validation-fraction and --validation-labels exclude each other");
    }

    [Fact]
    public async Task Validation_labels_that_are_the_training_labels_are_refused()
    {
        var labels = Labels("path,label\n" + AllRows());

        var run = await Train("--labels", labels, "--images-root", _root.File("images"), "--validation-labels", labels);

        CliAssert.OneLineError(run, ExitCode.UsageError, "The validation data is the training data itself");
    }

    [Fact]
    public async Task Column_options_without_a_label_file_are_a_usage_error()
    {
        var run = await CliHarness.RunAsync("doctor", "--data", _root.File("images"), "--images-root", _root.File("images"));

        Assert.Equal((int)ExitCode.UsageError, run.ExitCode);
        Assert.Contains("error: --images-root reads a label file; give one with --labels.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_reads_a_label_file_and_reports_a_missing_image_as_unreadable_with_counts_that_add_up()
    {
        var labels = Labels("path,label\n" + AllRows() + "\ncircle/gone.png,circle\n");

        var run = await CliHarness.RunAsync("doctor", "--labels", labels, "--images-root", _root.File("images"), "--json", "--quiet");

        Assert.True(run.ExitCode == (int)ExitCode.SomeInputsFailed, run.Stderr);
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        Assert.Equal(7, root.GetProperty("files").GetInt32());
        var classes = root.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal(["circle", "square"], classes.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([4, 3], classes.Select(c => c.GetProperty("files").GetInt32()));
        Assert.Equal([3, 3], classes.Select(c => c.GetProperty("readable").GetInt32()));
        var unreadable = Assert.Single(root.GetProperty("unreadable").EnumerateArray());
        Assert.Equal("circle/gone.png", unreadable.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Doctor_on_a_label_file_agrees_with_doctor_on_its_class_folders()
    {
        var labels = Labels("path,label\n" + AllRows());

        var fromFile = await CliHarness.RunAsync("doctor", "--labels", labels, "--images-root", _root.File("images"), "--quiet");
        var fromFolders = await CliHarness.RunAsync("doctor", "--data", _root.File("images"), "--quiet");

        Assert.Equal(fromFolders.ExitCode, fromFile.ExitCode);
        // Only the throughput differs between the two reports.
        static string Stable(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\(\d+ images/s checked\)", "");
        Assert.Equal(Stable(fromFolders.Stdout), Stable(fromFile.Stdout));
    }

    [Fact]
    public async Task Predict_refuses_labels_with_input_and_with_recursive()
    {
        var labels = Labels("path\ncircle/a.png\n");

        var both = await CliHarness.RunAsync("predict", "--model", _root.File("model.zip"), "--input", _root.File("images"), "--labels", labels);
        var recursive = await CliHarness.RunAsync("predict", "--model", _root.File("model.zip"), "--labels", labels, "--recursive");

        CliAssert.OneLineError(both, ExitCode.UsageError, "Give --input (an image or a folder) or --labels");
        CliAssert.OneLineError(recursive, ExitCode.UsageError, "--recursive is for an --input folder");
    }
}
