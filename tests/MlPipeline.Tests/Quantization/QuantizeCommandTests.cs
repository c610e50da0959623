using System.Globalization;
using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Models;
using MlPipeline.Core.Quantization;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Quantization;

/// <summary>The quantize verb for real: data/sample, the real ResNet-50, and the int8 zip used by the other verbs.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class QuantizeCommandTests(QuantizedModelFixture model, ITestOutputHelper output) : IClassFixture<QuantizedModelFixture>, IDisposable
{
    // Labels may flip only for images near a decision boundary; on these shapes int8 measured 100% agreement.
    private const double MinimumAgreement = 0.9;

    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void The_int8_zips_labels_agree_with_the_float_zips_on_generated_images()
    {
        Assert.True(model.Run.ExitCode == 0, model.Run.Stderr);
        var data = _root.File("probes");
        SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ImagesPerClass = 10, Seed = 2024, MinSide = 80, MaxSide = 300 });
        var images = DatasetScanner.Scan(data).Images;

        using var floatModel = MlNetClassifier.Load(model.FloatPath);
        using var int8Model = MlNetClassifier.Load(model.Int8Path);
        var agreeing = images.Count(i => floatModel.Predict(i.Path).PredictedLabel == int8Model.Predict(i.Path).PredictedLabel);

        var agreement = (double)agreeing / images.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"label agreement {agreeing}/{images.Count} = {agreement:P1}"));
        Assert.InRange(agreement, MinimumAgreement, 1.0);
    }

    [Fact]
    public void The_report_and_the_manifest_record_settings_calibration_and_accuracy()
    {
        Assert.True(model.Run.ExitCode == 0, model.Run.Stderr);
        var result = JsonSerializer.Deserialize<JsonElement>(model.Run.Stdout);
        var floatManifest = ModelStore.ReadManifest(model.FloatPath);
        var manifest = ModelStore.ReadManifest(model.Int8Path);
        var info = manifest.Quantization!;

        Assert.Equal(Path.GetFullPath(model.Int8Path), result.GetProperty("outputPath").GetString());
        Assert.Equal("uint8", info.Activations);
        // data/sample holds 30 images per class; the float model's split kept 24 of each for training.
        Assert.Equal(floatManifest.Dataset.TrainCounts.Values.Sum(), info.CalibrationImages);
        Assert.Equal(floatManifest.Dataset.ValidationCounts.Values.Sum(), info.ValidationImages);
        Assert.Matches("^[0-9a-f]{64}$", info.CalibrationFingerprint);
        Assert.NotEqual(floatManifest.Dataset.Fingerprint, info.CalibrationFingerprint);
        Assert.Equal(floatManifest.Backbone.Sha256, info.FloatBackboneSha256);
        Assert.NotEqual(floatManifest.Backbone.Sha256, manifest.Backbone.Sha256);
        Assert.InRange(info.FloatAccuracy - info.QuantizedAccuracy, -1, 0.01);
        Assert.Equal(floatManifest.Classes, manifest.Classes);
        Assert.Null(floatManifest.Quantization);
    }

    [Fact]
    public void The_stored_int8_backbone_matches_the_manifest_and_fuses_into_integer_operators()
    {
        var onnx = EmbeddedBackbone.Read(model.Int8Path, ModelStore.ReadManifest(model.Int8Path));
        var counts = OptimizedGraph.OperatorCounts(onnx);

        output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        // The sensitivity pass runs only when every activation quantized fails the gate (data/sample's linear probe
        // measured 100 % both ways), then keeps a few activations float: each one's producer and readers (at most
        // three convolutions, two Adds) stay float, every other convolution is integer.
        var result = JsonSerializer.Deserialize<JsonElement>(model.Run.Stdout);
        var kept = result.GetProperty("keptFloat").EnumerateArray().ToList();
        Assert.Contains(kept.Count, new[] { 0, QuantizeOptions.DefaultKeepFloat });
        Assert.All(kept, k => Assert.True(k.GetProperty("outputError").GetDouble() >= 0 && k.GetProperty("producer").GetString()!.Length > 0));
        var quantized = result.GetProperty("quantizedConvolutions").GetInt32();
        Assert.Equal(quantized, counts.GetValueOrDefault("QLinearConv"));
        Assert.Equal(53 - quantized, counts.GetValueOrDefault("Conv") + counts.GetValueOrDefault("FusedConv"));
        Assert.InRange(quantized, 53 - (3 * kept.Count), 53);
        Assert.InRange(counts.GetValueOrDefault("QLinearAdd"), 16 - (2 * kept.Count), 16);
        Assert.InRange(new FileInfo(model.Int8Path).Length, 1, new FileInfo(model.FloatPath).Length * 0.4);
    }

    [Fact]
    public async Task Export_writes_an_int8_ONNX_file_that_passes_the_parity_check()
    {
        var onnx = _root.File("int8.onnx");
        var run = await CliHarness.RunAsync("export", "--model", model.Int8Path, "--output", onnx, "--quiet");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Parity with the model zip", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("QLinearConv", OptimizedGraph.OperatorCounts(File.ReadAllBytes(onnx)).Keys);
    }

    [Fact]
    public async Task An_already_quantized_model_is_refused_with_one_line()
    {
        var run = await CliHarness.RunAsync("quantize", "--model", model.Int8Path, "--data", QuantizedModelFixture.Data, "--output", _root.File("again.zip"), "--quiet");

        CliAssert.OneLineError(run, ExitCode.ModelError);
        Assert.False(File.Exists(_root.File("again.zip")));
    }
}
