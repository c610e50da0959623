using System.IO.Compression;
using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Core.Prediction.Sharding;
using MlPipeline.Core.Reporting;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>The predict verb for real: a tiny model trained on generated images, then predicting files and folders.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class PredictCommandTests(TrainedModelFixture trained) : IDisposable
{
    private readonly ScratchFolder _root = new();
    private GeneratedDataset? _input;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_single_image_prints_its_label_and_top_k_clamped_to_the_classes()
    {
        var image = Images()[0];
        var expected = ClassifierLabel(image);

        var table = await Predict("--input", image);
        var json = await Predict("--input", image, "--json", "--top-k", "5");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"Label: {expected} (", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("Probability", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(expected, doc.RootElement.GetProperty("label").GetString());
        var top = doc.RootElement.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(TrainedModelFixture.Classes.Length, top.Count);
        Assert.Equal(1.0, top.Sum(p => p.GetProperty("probability").GetDouble()), 1e-4);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task A_folder_gives_sorted_relative_rows_matching_the_single_image_classifier_and_an_error_row_per_bad_file()
    {
        var input = Input();
        File.Copy(Images()[1], Path.Combine(input, "odd, \"name\".png"));
        EdgeCaseImages.WriteGarbageFile(Path.Combine(input, "square", "nested", "broken.png"));
        var output = _root.File("out/predictions.csv");

        var run = await Predict("--input", input, "--recursive", "--output", output);

        Assert.Equal((int)ExitCode.SomeInputsFailed, run.ExitCode);
        var rows = CsvRows(output);
        var expectedPaths = Directory.GetFiles(input, "*.*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(input, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expectedPaths, rows.Select(r => r[0]));
        var broken = Assert.Single(rows, r => r[4].Length > 0);
        Assert.Equal(["square/nested/broken.png", "", "", ""], broken[..4]);
        foreach (var row in rows.Where(r => r[4].Length == 0))
        {
            Assert.Equal(ClassifierLabel(Path.Combine(input, row[0])), row[1]);
            Assert.Matches(@"^((circle|square|triangle):[01]\.[0-9]{6};){2}(circle|square|triangle):[01]\.[0-9]{6}$", row[3]);
        }

        Assert.Contains($"{rows.Count - 1} predicted, 1 failed, 0 below confidence", run.Stderr, StringComparison.Ordinal);
        Assert.Matches($@"Predicting: {rows.Count}/{rows.Count} \(100%\), [0-9.]+ images/s", run.Stderr);
    }

    [Fact]
    public async Task Without_recursive_and_output_only_the_folders_own_images_stream_to_stdout_as_csv()
    {
        var input = Path.GetDirectoryName(Images()[0])!;
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        File.Copy(Images()[0], Path.Combine(input, "sub", "copy.png"));

        var run = await Predict("--input", input);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvPredictionWriter.Header, lines[0]);
        Assert.Equal(Directory.GetFiles(input).Select(Path.GetFileName).Order(StringComparer.Ordinal), lines[1..].Select(l => Csv.ParseRecord(l)[0]));
    }

    [Fact]
    public async Task Resume_appends_only_the_rows_an_interrupted_run_did_not_finish()
    {
        var input = Input();
        var output = _root.File("p.csv");
        Assert.Equal(0, (await Predict("--input", input, "--recursive", "--output", output)).ExitCode);
        var full = File.ReadAllText(output);
        var lines = full.Split('\n');
        // Header, two rows, then half of the third row, as a kill mid-write leaves it.
        File.WriteAllText(output, string.Join('\n', lines[..3]) + "\n" + lines[3][..(lines[3].Length / 2)]);

        var resumed = await Predict("--input", input, "--recursive", "--output", output, "--resume");
        var again = await Predict("--input", input, "--recursive", "--output", output);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"Resuming: 2 of {lines.Length - 2} images already in", resumed.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{lines.Length - 4} predicted, 0 failed", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(full, File.ReadAllText(output));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(full, File.ReadAllText(output));
    }

    [Fact]
    public async Task Cancelling_keeps_every_finished_row_and_resume_completes_the_file()
    {
        var input = Input();
        var output = _root.File("p.jsonl");
        using var cts = new CancellationTokenSource();
        var options = new PredictOptions(trained.ModelPath, input, true, output, PredictionFormat.Csv, 3, 0, false);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PredictRunner(new CancelOnFirstImage(cts), TextWriter.Null).RunAsync(options, cts.Token));

        var kept = File.ReadAllLines(output);
        Assert.InRange(kept.Length, 1, Images().Count - 1);
        Assert.All(kept, l => JsonDocument.Parse(l).Dispose());
        var resumed = await Predict("--input", input, "--recursive", "--output", output, "--resume");
        Assert.Equal(0, resumed.ExitCode);
        var paths = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString());
        Assert.Equal(Images().Select(p => Path.GetRelativePath(input, p).Replace('\\', '/')).Order(StringComparer.Ordinal), paths);
    }

    [Fact]
    public async Task Jsonl_output_is_one_prediction_object_per_line()
    {
        var input = Input();
        EdgeCaseImages.WriteEmptyFile(Path.Combine(input, "zero.jpg"));
        var output = _root.File("p.jsonl");

        var run = await Predict("--input", input, "--recursive", "--output", output, "--top-k", "1", "--json");

        Assert.Equal((int)ExitCode.SomeInputsFailed, run.ExitCode);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Images().Count + 1, rows.Count);
        var zero = Assert.Single(rows, r => r.GetProperty("error").ValueKind == JsonValueKind.String);
        Assert.Equal("zero.jpg", zero.GetProperty("path").GetString());
        Assert.Empty(zero.GetProperty("top").EnumerateArray());
        Assert.All(rows.Except([zero]), r =>
        {
            var top = Assert.Single(r.GetProperty("top").EnumerateArray());
            Assert.Equal(r.GetProperty("label").GetString(), top.GetProperty("label").GetString());
            Assert.Equal(r.GetProperty("confidence").GetDouble(), top.GetProperty("probability").GetDouble());
        });
        using var summary = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1, summary.RootElement.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Below_min_confidence_the_label_is_unknown_and_counted()
    {
        var input = Input();
        var output = _root.File("p.csv");

        var run = await Predict("--input", input, "--recursive", "--output", output, "--min-confidence", "0.999");

        Assert.Equal(0, run.ExitCode);
        var rows = CsvRows(output);
        Assert.All(rows, r => Assert.Equal(double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture) < 0.999, r[1] == PredictionRow.UnknownLabel));
        var unknown = rows.Count(r => r[1] == PredictionRow.UnknownLabel);
        Assert.True(unknown > 0, "a five-image model should not be 99.9% sure of every image");
        Assert.Contains($"{unknown} below confidence", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("foreign zip")]
    public async Task A_model_that_is_missing_or_not_ours_is_a_one_line_model_error(string kind)
    {
        var model = _root.File("model.zip");
        if (kind == "text")
        {
            File.WriteAllText(model, "not a zip");
        }
        else if (kind == "foreign zip")
        {
            using var zip = ZipFile.Open(model, ZipArchiveMode.Create);
            zip.CreateEntry("model.onnx");
        }

        var run = await CliHarness.RunAsync("predict", "--model", model, "--input", Images()[0]);

        CliAssert.OneLineError(run, ExitCode.ModelError);
    }

    [Fact]
    public async Task A_missing_model_file_is_a_usage_error_as_any_missing_path()
    {
        var run = await CliHarness.RunAsync("predict", "--model", _root.File("missing.zip"), "--input", Images()[0]);

        CliAssert.OneLineError(run, ExitCode.UsageError);
        Assert.Contains("Model not found", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--output", "p.txt")]
    [InlineData("--top-k", "0")]
    [InlineData("--resume")]
    public async Task Options_no_run_could_use_are_usage_errors(params string[] extra)
    {
        var run = await Predict(["--input", _root.Path, .. extra.Select(a => a == "p.txt" ? _root.File(a) : a)]);

        Assert.Equal((int)ExitCode.UsageError, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_is_a_usage_error()
    {
        var missingOption = await CliHarness.RunAsync("predict", "--model", trained.ModelPath);
        var missingPath = await Predict("--input", _root.File("nowhere"));

        Assert.Equal((int)ExitCode.UsageError, missingOption.ExitCode);
        Assert.Contains("--input", missingOption.Stderr, StringComparison.Ordinal);
        CliAssert.OneLineError(missingPath, ExitCode.UsageError);
    }

    [Fact]
    public async Task Resuming_one_shard_into_another_shards_file_is_refused_and_leaves_the_file_as_it_was()
    {
        var output = _root.File("shard-0.csv");
        var first = await Predict("--input", Input(), "--recursive", "--shard", "0/3", "--output", output);
        var before = File.ReadAllText(output);

        var resumed = await Predict("--input", Input(), "--recursive", "--shard", "1/3", "--output", output, "--resume");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(CsvRows(output).Count > 0, "shard 0/3 of 6 images should hold a row");
        CliAssert.OneLineError(resumed, ExitCode.UsageError, "belongs to shard 0/3");
        Assert.Equal(before, File.ReadAllText(output));
    }

    [Fact]
    public async Task Resuming_a_file_whose_rows_name_a_class_the_model_lacks_is_refused()
    {
        var output = _root.File("other-model.jsonl");
        File.WriteAllText(output, "{\"path\":\"circle/0.png\",\"label\":\"dog\",\"confidence\":0.9,\"top\":[{\"label\":\"dog\",\"probability\":0.9}],\"error\":null}\n");

        var resumed = await Predict("--input", Input(), "--recursive", "--output", output, "--resume");

        CliAssert.OneLineError(resumed, ExitCode.UsageError, "'dog'");
    }

    [Fact]
    public async Task A_single_file_outside_the_shard_says_which_shard_it_belongs_to()
    {
        var image = Images()[0];
        var own = Shard.Of(Path.GetFileName(image), 4);

        var run = await Predict("--input", image, "--shard", $"{(own + 1) % 4}/4");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{Path.GetFileName(image)} belongs to shard {own}/4, not {(own + 1) % 4}/4: nothing to predict.", run.Stderr, StringComparison.Ordinal);
    }

    // A fresh input folder per test: circle/ and square/ with 3 images each, other seed and sizes as in training.
    private string Input()
    {
        _input ??= SyntheticDataset.Generate(_root.File("input"), new SyntheticDatasetSpec
        {
            ClassNames = ["circle", "square"],
            ImagesPerClass = 3,
            MinSide = 48,
            MaxSide = 96,
            Seed = 7,
        });
        return _root.File("input");
    }

    private List<string> Images()
    {
        Input();
        return [.. _input!.Images.Select(i => i.Path).Order(StringComparer.Ordinal)];
    }

    private string ClassifierLabel(string image)
    {
        using var classifier = MlNetClassifier.Load(trained.ModelPath);
        return classifier.Predict(image).PredictedLabel;
    }

    private static List<string[]> CsvRows(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(CsvPredictionWriter.Header, lines[0]);
        return [.. lines[1..].Select(l => Csv.ParseRecord(l).ToArray())];
    }

    private Task<CliRun> Predict(params string[] args) =>
        CliHarness.RunAsync(["predict", "--model", trained.ModelPath, .. args]);

    private sealed class CancelOnFirstImage(CancellationTokenSource cts) : IRunObserver
    {
        public void Info(string message)
        {
        }

        public void Warn(string message)
        {
        }

        public T Track<T>(string description, int total, Func<Action<int>, T> work) => work(_ => cts.Cancel());
    }
}
