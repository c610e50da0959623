using System.Globalization;
using System.Text.Json;
using MlPipeline.Core.Export;
using MlPipeline.Core.Imaging;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Export;
using MlPipeline.Tests.Support;
using Xunit.Abstractions;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>The export verb for real: a model trained on the real ResNet-50, exported, and run outside ML.NET.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class ExportCommandTests(TrainedModelFixture trained, ExportedModelFixture exported, ITestOutputHelper output)
    : IClassFixture<ExportedModelFixture>, IAsyncLifetime, IDisposable
{
    private const int Side = 224;
    private readonly ScratchFolder _root = new();

    public Task InitializeAsync() => exported.ExportAsync(trained.ModelPath);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();

    [Fact]
    public void The_ONNX_file_gives_MLNETs_probabilities_and_labels_on_every_image()
    {
        Assert.True(exported.Run.ExitCode == 0, exported.Run.Stderr);
        Assert.Contains("Parity with the model zip", exported.Run.Stdout, StringComparison.Ordinal);
        var images = Probes(perClass: 3);
        var reader = new ImageReader(Side, Side);
        // The project's reader decodes for both sides, so both see exactly the same pixels.
        var pixels = images.Select(path =>
        {
            using var image = reader.Read(path).Image;
            return image.Pixels.ToArray();
        }).ToList();

        using var session = new StandaloneModelSession(exported.OnnxPath);
        var onnx = session.Run(pixels, Side, Side);
        using var classifier = MlNetClassifier.Load(exported.ModelPath);
        var maxDifference = 0.0;
        for (var i = 0; i < images.Count; i++)
        {
            var expected = classifier.Predict(images[i]);
            var (probabilities, label) = onnx[i];
            maxDifference = Math.Max(maxDifference, expected.Score.Zip(probabilities, (a, b) => Math.Abs((double)a - b)).Max());
            Assert.Equal(expected.PredictedLabel, classifier.Manifest.Classes[(int)label]);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max |p_onnx - p_mlnet| over {images.Count} images: {maxDifference:G3}"));
        Assert.InRange(maxDifference, 0, 1e-4);
    }

    [Fact]
    public void The_file_describes_its_input_classes_and_provenance()
    {
        using var session = new StandaloneModelSession(exported.OnnxPath);
        var metadata = session.Metadata;
        var manifest = Core.Models.ModelStore.ReadManifest(exported.ModelPath);

        Assert.Equal(TrainedModelFixture.Classes, JsonSerializer.Deserialize<string[]>(metadata["classes"])!);
        Assert.Equal("NHWC", metadata["input_layout"]);
        Assert.Equal("224", metadata["input_width"]);
        Assert.Equal(manifest.Backbone.Sha256, metadata["backbone_sha256"]);
        using var metrics = JsonDocument.Parse(metadata["validation_metrics"]);
        Assert.InRange(metrics.RootElement.GetProperty("microAccuracy").GetDouble(), 0, 1);
    }

    [Fact]
    [Trait("Tier", "Browser")]
    public async Task The_web_page_shows_the_label_the_tool_predicts()
    {
        Assert.True(exported.Run.ExitCode == 0, exported.Run.Stderr);
        string[] pageFiles = ["app.js", "index.html", "labels.json", "model.onnx", "page.css", "page.js", .. OnnxRuntimeWeb.PageFiles];
        Assert.Equal(
            pageFiles.Order(StringComparer.Ordinal),
            Directory.GetFiles(exported.WebDirectory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        // 224x224 PNG: the page's canvas draws it unscaled, so the browser sees the tool's pixels.
        var image = Probes(perClass: 1)[0];
        using var classifier = MlNetClassifier.Load(exported.ModelPath);
        var expected = classifier.Predict(image);
        using var server = new StaticFileServer(exported.WebDirectory);

        var page = await BrowserPage.ClassifyAsync(server.BaseUrl + "index.html", image);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page: {page.Label} {page.Probability}; ML.NET: {expected.PredictedLabel} {expected.Score.Max()}"));
        Assert.Equal(expected.PredictedLabel, page.Label);
        Assert.Equal(expected.Score.Max(), page.Probability, 1e-3);
        Assert.Empty(page.FailedRequests);
    }

    [Fact]
    [Trait("Tier", "Browser")]
    public async Task The_web_page_keeps_header_drop_zone_preview_and_bars_apart_at_desktop_and_phone_width_with_long_class_lists()
    {
        Assert.True(exported.Run.ExitCode == 0, exported.Run.Stderr);
        using var server = new StaticFileServer(exported.WebDirectory);

        var layouts = await BrowserPage.LayoutAsync(
            server.BaseUrl + "index.html", Probes(perClass: 1)[0], BrowserPage.ScreenshotDirectory("export"), BrowserPage.LayoutViewports, BrowserPage.LayoutClassCounts);

        BrowserPage.AssertNothingOverlaps(layouts);
    }

    private List<string> Probes(int perClass) =>
        [.. SyntheticDataset.Generate(_root.File("probes"), new SyntheticDatasetSpec
        {
            ClassNames = ["circle", "square"], ImagesPerClass = perClass, MinSide = Side, MaxSide = Side, Formats = [ImageFileFormat.Png], Seed = 11,
        }).Images.Select(i => i.Path)];
}
