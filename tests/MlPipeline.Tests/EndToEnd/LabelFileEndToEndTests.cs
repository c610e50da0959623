using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.Core.Models;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>Issue 20 for real: train, evaluate and predict reading a label file instead of class folders.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class LabelFileEndToEndTests(ResNet50Fixture resnet, TrainedModelFixture trained) : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Train_reads_a_quoted_csv_with_a_bom_and_learns_its_labels_from_the_listed_images_only()
    {
        var images = _root.File("images");
        SyntheticDataset.Generate(images, new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 4, MinSide = 48, MaxSide = 96 });
        // A name with a comma and quotes, which only a quoted field can hold.
        File.Move(Path.Combine(images, "circle", "circle_000.jpg"), Path.Combine(images, "circle", "big, \"round\" one.jpg"));
        var labels = _root.File("labels.csv");
        // The labels are the file's, not the folders': and square_003 is in the folder but not in the file.
        File.WriteAllText(labels, string.Join(
            "\r\n",
            "path,label",
            "\"circle/big, \"\"round\"\" one.jpg\",round",
            "circle/circle_001.png,round",
            "\"circle/circle_002.jpg\",round",
            "circle/circle_003.png,round",
            "square/square_000.jpg,\"boxy\"",
            "square/square_001.png,boxy",
            "square/square_002.jpg,boxy") + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(labels)[..3]);
        var model = _root.File("model.zip");

        var run = await CliHarness.RunAsync(
            "train", "--labels", labels, "--images-root", images, "--output", model, "--cache-dir", resnet.CacheDirectory, "--unfreeze", "none");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var manifest = ModelStore.ReadManifest(model);
        Assert.Equal(["boxy", "round"], manifest.Classes);
        Assert.Equal(7, manifest.Dataset.Images);
        Assert.Equal(7, manifest.Dataset.TrainCounts.Values.Sum() + manifest.Dataset.ValidationCounts.Values.Sum());
        Assert.Equal(4, manifest.Dataset.TrainCounts["round"] + manifest.Dataset.ValidationCounts["round"]);
        Assert.Equal(3, manifest.Dataset.TrainCounts["boxy"] + manifest.Dataset.ValidationCounts["boxy"]);
        Assert.Equal(labels, manifest.Dataset.LabelFile);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(labels))), manifest.Dataset.LabelFileSha256);
        Assert.Contains($"Dataset {labels}: 7 images in 2 classes", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_measures_exactly_the_listed_images_with_the_files_labels()
    {
        var labels = _root.File("test.tsv");
        File.WriteAllText(labels, "label\tfile\ncircle\tcircle/circle_000.jpg\ncircle\tcircle/circle_001.png\nsquare\tsquare/square_002.jpg\ntriangle\ttriangle/triangle_003.png\n");

        var run = await CliHarness.RunAsync(
            "evaluate", "--model", trained.ModelPath, "--labels", labels, "--images-root", trained.DataPath, "--json", "--quiet");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var metrics = json.RootElement.GetProperty("metrics");
        Assert.Equal(4, metrics.GetProperty("count").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("dataset").GetProperty("images").GetInt32());
        Assert.Equal([2, 1, 1], metrics.GetProperty("perClass").EnumerateArray().Select(c => c.GetProperty("support").GetInt32()));
        Assert.Equal(4, metrics.GetProperty("confusionMatrix").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt32()));
    }

    [Fact]
    public async Task Predict_predicts_exactly_the_listed_images_in_the_files_order()
    {
        var labels = _root.File("list.csv");
        string[] listed = ["triangle/triangle_001.png", "circle/circle_004.jpg", "square/square_000.jpg"];
        File.WriteAllText(labels, "image\n" + string.Join("\n", listed) + "\n");
        var output = _root.File("predictions.csv");

        var run = await CliHarness.RunAsync(
            "predict", "--model", trained.ModelPath, "--labels", labels, "--images-root", trained.DataPath, "--output", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = File.ReadAllLines(output);
        Assert.Equal(CsvPredictionWriter.Header, lines[0]);
        var rows = lines[1..].Select(l => Csv.ParseRecord(l).ToArray()).ToList();
        Assert.Equal(listed, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Contains(r[1], TrainedModelFixture.Classes));
        Assert.All(rows, r => Assert.Equal("", r[4]));
        Assert.Contains("3 predicted, 0 failed, 0 below confidence", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_and_predict_refuse_a_missing_label_file_and_a_path_outside_the_images_root()
    {
        var outside = _root.File("outside.csv");
        File.WriteAllText(outside, "path,label\ncircle/circle_000.jpg,circle\n../model.zip,square\n");

        var evaluateMissing = await CliHarness.RunAsync("evaluate", "--model", trained.ModelPath, "--labels", _root.File("nope.csv"), "--quiet");
        var predictMissing = await CliHarness.RunAsync("predict", "--model", trained.ModelPath, "--labels", _root.File("nope.csv"), "--quiet");
        var evaluateOutside = await CliHarness.RunAsync("evaluate", "--model", trained.ModelPath, "--labels", outside, "--images-root", trained.DataPath, "--quiet");
        var predictOutside = await CliHarness.RunAsync("predict", "--model", trained.ModelPath, "--labels", outside, "--images-root", trained.DataPath, "--quiet");

        CliAssert.OneLineError(evaluateMissing, ExitCode.UsageError, $"Label file not found: {_root.File("nope.csv")}");
        CliAssert.OneLineError(predictMissing, ExitCode.UsageError, $"Label file not found: {_root.File("nope.csv")}");
        CliAssert.OneLineError(evaluateOutside, ExitCode.DataError, "line 3: ../model.zip is outside the images root");
        CliAssert.OneLineError(predictOutside, ExitCode.DataError, "line 3: ../model.zip is outside the images root");
    }
}
