using System.Security.Cryptography;
using MlPipeline.Core.Scoring;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Scoring;

/// <summary>
/// The engine against plain ML.NET on the shared trained model: same labels, same probabilities, whether the
/// backbone and head come from the zip (first use) or from the scoring cache (later uses), and a damaged cache
/// entry is noticed and replaced rather than used.
/// </summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class ScoringModelParityTests(TrainedModelFixture trained, ITestOutputHelper output) : IDisposable
{
    private readonly ScratchFolder _root = new();

    [Fact]
    public void Engine_matches_MLNET_from_the_zip_and_from_the_cache()
    {
        var images = Images();
        using var reference = MlNetClassifier.Load(trained.ModelPath);
        var expected = images.Select(reference.Predict).ToList();
        var cache = _root.File("cache");

        foreach (var use in new[] { "first use", "cached" })
        {
            var model = ScoringModel.Open(trained.ModelPath, cache);
            using var engine = new ScoringEngine(model);
            var results = engine.Score(images).ToList();
            var worst = 0.0;
            for (var i = 0; i < images.Count; i++)
            {
                var prediction = results[i].Prediction!;
                Assert.Equal(expected[i].PredictedLabel, prediction.PredictedLabel);
                worst = Math.Max(worst, expected[i].Score.Zip(prediction.Score, (a, b) => Math.Abs((double)a - b)).Max());
            }

            output.WriteLine($"{use}: max |p_engine - p_mlnet| over {images.Count} images = {worst:G3}");
            Assert.InRange(worst, 0, 1e-4);
            Assert.Equal(TrainedModelFixture.Classes, model.Classes);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(cache, "scoring"), "*.head.json"));
    }

    [Fact]
    public void A_damaged_cached_backbone_is_replaced()
    {
        var cache = _root.File("cache");
        ScoringModel.Open(trained.ModelPath, cache);
        var backbone = Assert.Single(Directory.GetFiles(Path.Combine(cache, "scoring"), "*.onnx"));
        File.WriteAllBytes(backbone, [1, 2, 3]);

        var model = ScoringModel.Open(trained.ModelPath, cache);
        using var engine = new ScoringEngine(model);

        Assert.True(engine.Score(Images()).All(r => r.Succeeded));
        using var stream = File.OpenRead(backbone);
        Assert.Equal(Path.GetFileNameWithoutExtension(backbone), Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    public void Dispose() => _root.Dispose();

    private List<string> Images() => [.. SyntheticDataset.Generate(_root.File("probe"), new SyntheticDatasetSpec
    {
        ClassNames = [.. TrainedModelFixture.Classes], ImagesPerClass = 3, Seed = 11,
    }).Images.Select(i => i.Path)];
}
