using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>The train verb for real: generated images through the real ResNet-50 into a model zip.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class TrainCommandTests(ResNet50Fixture resnet) : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Train_writes_a_model_zip_with_manifest_and_metrics_and_prints_the_confusion_matrix()
    {
        var data = Generate(["circle", "square"], perClass: 6);
        var model = _root.File("out/model.zip");

        var run = await Train(data, model);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Confusion matrix", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("circle", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Featurizing: 12/12 \(100%\), [0-9.]+ images/s", run.Stderr);
        // The last line leads with the saved model's validation accuracy and gives the command to run next.
        var report = Assert.IsType<ClassificationReport>(ModelStore.ReadValidation<ClassificationReport>(model));
        var summary = run.Stdout.TrimEnd().Split('\n')[^1];
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"Validation accuracy {report.MicroAccuracy:0.000} ("), summary, StringComparison.Ordinal);
        Assert.EndsWith($"Next: mlpipeline evaluate --model {model} --data <held-out folder>", summary, StringComparison.Ordinal);
        var manifest = ModelStore.ReadManifest(model);
        Assert.NotNull(manifest.Head);
        Assert.Equal(["circle", "square"], manifest.Classes);
        Assert.Equal(resnet.Backbone.Sha256, manifest.Backbone.Sha256);
        Assert.Equal(42, manifest.Settings.Seed);
        Assert.Equal(12, manifest.Dataset.Images);
        Assert.Equal(new Dictionary<string, int> { ["circle"] = 5, ["square"] = 5 }, manifest.Dataset.TrainCounts);
        Assert.Equal(new Dictionary<string, int> { ["circle"] = 1, ["square"] = 1 }, manifest.Dataset.ValidationCounts);
        using var metrics = JsonDocument.Parse(File.ReadAllText(_root.File("out/model.metrics.json")));
        var validation = metrics.RootElement.GetProperty("metrics");
        Assert.Equal(2, validation.GetProperty("count").GetInt32());
        Assert.Equal(2, validation.GetProperty("confusionMatrix").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetInt32()));
        Assert.Equal(["model.metrics.json", "model.zip"], Directory.GetFiles(_root.File("out")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Json_output_is_one_json_document_on_stdout()
    {
        var data = Generate(["circle", "triangle"], perClass: 5);

        var run = await Train(data, _root.File("m.zip"), "--json");

        Assert.Equal(0, run.ExitCode);
        // One document and nothing else (Parse refuses trailing text): progress went to stderr.
        Assert.StartsWith("{", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Featurizing:", run.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(_root.File("m.zip"), root.GetProperty("model").GetString());
        Assert.Equal(_root.File("m.metrics.json"), root.GetProperty("metricsFile").GetString());
        Assert.Equal(["circle", "triangle"], root.GetProperty("manifest").GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, root.GetProperty("skipped").GetArrayLength());
        // The figures agree with each other and with the split the zip records: 5 per class, 1 of each held out.
        var validation = root.GetProperty("metrics");
        int[][] matrix = [.. validation.GetProperty("confusionMatrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray())];
        var manifest = ModelStore.ReadManifest(_root.File("m.zip"));
        Assert.Equal([manifest.Dataset.ValidationCounts["circle"], manifest.Dataset.ValidationCounts["triangle"]], matrix.Select(r => r.Sum()));
        Assert.Equal(2, validation.GetProperty("count").GetInt32());
        Assert.Equal((matrix[0][0] + matrix[1][1]) / 2.0, validation.GetProperty("microAccuracy").GetDouble(), 12);
        Assert.Equal(matrix.Select(r => r.Sum()), validation.GetProperty("perClass").EnumerateArray().Select(c => c.GetProperty("support").GetInt32()));
        // The model zip, loaded afresh, predicts the held-out images as the matrix says.
        Assert.Equal(matrix[0][0] + matrix[1][1], HeldOutRight(data, manifest));
    }

    [Fact]
    public async Task Unreadable_files_are_skipped_and_listed_and_training_goes_on()
    {
        var data = Generate(["circle", "square"], perClass: 4);
        EdgeCaseImages.WriteEmptyFile(Path.Combine(data, "circle", "zero.jpg"));
        EdgeCaseImages.WriteGarbageFile(Path.Combine(data, "square", "garbage.png"));
        EdgeCaseImages.WriteTruncatedJpeg(Path.Combine(data, "square", "nested", "cut.jpeg"));

        var run = await Train(data, _root.File("m.zip"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Skipped 3 unreadable file(s)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("circle/zero.jpg: empty file", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("square/nested/cut.jpeg: truncated image", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: Skipped square/garbage.png", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, ModelStore.ReadManifest(_root.File("m.zip")).Dataset.Skipped);
    }

    [Fact]
    public async Task A_class_with_one_image_is_trained_and_reported_as_not_validated()
    {
        var data = Generate(["circle", "square"], perClass: 4);
        SyntheticDataset.Generate(Path.Combine(_root.Path, "one"), new SyntheticDatasetSpec { ClassNames = ["triangle"], ImagesPerClass = 1 });
        Directory.Move(Path.Combine(_root.Path, "one", "triangle"), Path.Combine(data, "triangle"));

        var run = await Train(data, _root.File("m.zip"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: Not validated: triangle (a single readable image).", run.Stderr, StringComparison.Ordinal);
        var manifest = ModelStore.ReadManifest(_root.File("m.zip"));
        Assert.Equal(1, manifest.Dataset.TrainCounts["triangle"]);
        Assert.Equal(0, manifest.Dataset.ValidationCounts["triangle"]);
    }

    [Fact]
    public async Task A_plain_MLNET_program_loads_the_zip_and_predicts_what_the_tool_predicts()
    {
        var data = Generate(["circle", "square"], perClass: 6);
        var model = _root.File("m.zip");
        Assert.Equal(0, (await Train(data, model)).ExitCode);
        var image = InputSizeImages.Generate(_root.File("probe"), ["circle"], perClass: 1)[0];

        var run = await ToolProcess.RunAsync("MlPipeline.PlainConsumer", null, model, image);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var (label, scores) = ParseConsumerLine(run.Stdout);
        using var classifier = MlNetClassifier.Load(model);
        var expected = classifier.Predict(image);
        Assert.Equal(expected.PredictedLabel, label);
        Assert.Equal(expected.Score.Length, scores.Length);
        Assert.All(expected.Score.Zip(scores), p => Assert.Equal(p.First, p.Second, 1e-4f));
        Assert.Equal(1.0, scores.Sum(), 1e-4);
    }

    [Fact]
    public async Task The_same_data_and_seed_give_the_same_split_and_metrics()
    {
        var data = Generate(["circle", "square", "triangle"], perClass: 5);

        var first = await Train(data, _root.File("a.zip"), "--json", "--seed", "3");
        var second = await Train(data, _root.File("b.zip"), "--json", "--seed", "3");

        Assert.Equal(ValidationOf(first), ValidationOf(second));
        Assert.Equal(ModelStore.ReadManifest(_root.File("a.zip")).Dataset.Fingerprint, ModelStore.ReadManifest(_root.File("b.zip")).Dataset.Fingerprint);
    }

    [Fact]
    public async Task A_local_onnx_backbone_is_used_as_it_is_and_recorded_in_the_manifest()
    {
        var data = Generate(["circle", "square"], perClass: 4);

        var run = await Train(data, _root.File("m.zip"), "--backbone", resnet.Backbone.OnnxPath);

        Assert.Equal(0, run.ExitCode);
        var manifest = ModelStore.ReadManifest(_root.File("m.zip"));
        Assert.Equal(resnet.Backbone.OnnxPath, manifest.Backbone.Source);
        Assert.Equal(resnet.Backbone.Sha256, manifest.Backbone.Sha256);
        Assert.Equal(2048, manifest.Backbone.FeatureSize);
    }

    [Fact]
    public async Task A_local_tfjs_model_json_is_converted_and_gives_the_same_backbone()
    {
        var data = Generate(["circle", "square"], perClass: 4);
        var modelJson = Backbones.Conversion.ResNet50Files.ModelJsonPath();
        var cache = _root.File("cache");

        var run = await CliHarness.RunAsync(["train", "--data", data, "--output", _root.File("m.zip"), "--backbone", modelJson, "--cache-dir", cache, "--unfreeze", "none"]);

        Assert.Equal(0, run.ExitCode);
        var manifest = ModelStore.ReadManifest(_root.File("m.zip"));
        Assert.Equal(modelJson, manifest.Backbone.Source);
        // Same converter, same weights: the locally converted graph is byte-identical to the cached npm one.
        Assert.Equal(resnet.Backbone.Sha256, manifest.Backbone.Sha256);
    }

    private int HeldOutRight(string data, ModelManifest manifest)
    {
        using var classifier = MlNetClassifier.Load(_root.File("m.zip"));
        var images = DatasetScanner.Scan(data).Images;
        var split = StratifiedSplit.Create(images, i => i.Label, manifest.Settings.ValidationFraction, manifest.Settings.Seed);
        return split.Validation.Count(image => classifier.Predict(image.Path).PredictedLabel == image.Label);
    }

    private static string ValidationOf(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.GetProperty("metrics").GetRawText();
    }

    private static (string Label, float[] Scores) ParseConsumerLine(string stdout)
    {
        var parts = stdout.Trim().Split('\t');
        return (parts[0], [.. parts[1].Split(',').Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private string Generate(IReadOnlyList<string> classes, int perClass)
    {
        var root = _root.File("data");
        SyntheticDataset.Generate(root, new SyntheticDatasetSpec { ClassNames = classes, ImagesPerClass = perClass, MinSide = 48, MaxSide = 96 });
        return root;
    }

    private Task<CliRun> Train(string data, string output, params string[] extra) =>
        CliHarness.RunAsync(["train", "--data", data, "--output", output, "--cache-dir", resnet.CacheDirectory, "--unfreeze", "none", .. extra]);
}
