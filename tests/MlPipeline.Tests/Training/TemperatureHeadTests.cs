using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Export;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Training;
using MlPipeline.Tests.Export;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Training;

/// <summary>The head as train fits it (on three features: mean R, G, B), then rebuilt with a temperature.</summary>
public sealed class TemperatureHeadTests : IDisposable
{
    private const double Temperature = 0.4;
    private static readonly float[][] Probes = [[200, 70, 40], [50, 190, 60], [45, 65, 170], [120, 120, 110], [90, 100, 95]];
    private readonly ScratchFolder _root = new();
    private readonly MLContext _mlContext = new(seed: 1);
    private readonly ClassifierHead _head;
    private readonly ITransformer _fitted;
    private readonly List<FeaturizedImage> _images;

    public TemperatureHeadTests()
    {
        _head = new ClassifierHead(_mlContext, TinyHead.Classes, new VectorDataViewType(NumberDataViewType.Single, 3));
        _images = [.. Enumerable.Range(0, 30).Select(i =>
        {
            var dominant = i % 3;
            float[] features = [40 + (i * 7 % 50), 60 + (i * 11 % 40), 30 + (i * 5 % 60)];
            features[2 - dominant] += 60;
            var label = TinyHead.Classes[dominant];
            return new FeaturizedImage(new LabeledImage($"/{label}/{i}.png", $"{label}/{i}.png", label), features, $"{i}");
        })];
        _fitted = _head.Fit(_images, HeadSettings.Default);
    }

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(FeatureScaling.MinMax)]
    [InlineData(FeatureScaling.Standardize)]
    public void A_plain_MLNET_program_loading_the_saved_head_gets_softmax_of_the_logits_divided_by_the_temperature(FeatureScaling scaling)
    {
        var fitted = Fitted(scaling);
        var original = HeadParameters.From(fitted);
        var path = _root.File("head.zip");
        _mlContext.Model.Save(_head.WithTemperature(fitted, Temperature), null, path);

        var loaded = new MLContext().Model.Load(path, out _);
        using var engine = new MLContext().Model.CreatePredictionEngine<TinyHead.Row, Scored>(loaded);
        foreach (var features in Probes)
        {
            var scored = engine.Predict(new TinyHead.Row { Label = TinyHead.Classes[0], Features = features });
            var expected = Softmax(original.Logits(features), Temperature);
            Assert.All(expected.Zip(scored.Score), p => Assert.Equal(p.First, p.Second, 1e-5));
            Assert.Equal(TinyHead.Classes[Array.IndexOf(expected, expected.Max())], scored.PredictedLabel);
        }

        // The temperature sharpens these probabilities; at T = 1 they would be the head's own.
        Assert.True(Probes.Max(f => original.Probabilities(f).Max()) < Probes.Max(f => Softmax(original.Logits(f), Temperature).Max()));
    }

    [Theory]
    [InlineData(FeatureScaling.MinMax)]
    [InlineData(FeatureScaling.Standardize)]
    public void The_exported_ONNX_model_and_the_zip_give_the_same_calibrated_probabilities(FeatureScaling scaling)
    {
        var calibrated = _head.WithTemperature(Fitted(scaling), Temperature);
        var onnx = StandaloneOnnxBuilder.Build(StandaloneOnnxBuilderTests.TinyBackbone(), HeadParameters.From(calibrated), 2, 2, new Dictionary<string, string>());
        using var engine = _mlContext.Model.CreatePredictionEngine<TinyHead.Row, Scored>(calibrated);
        // 2x2 RGBA images whose channel means (the tiny backbone's features) are the probes.
        byte[][] images = [.. Probes.Select(f => Enumerable.Range(0, 4).SelectMany(_ => new[] { (byte)f[0], (byte)f[1], (byte)f[2], (byte)255 }).ToArray())];

        using var session = new StandaloneModelSession(onnx);
        var results = session.Run(images, 2, 2);

        for (var i = 0; i < Probes.Length; i++)
        {
            var zip = engine.Predict(new TinyHead.Row { Label = TinyHead.Classes[0], Features = Probes[i] }).Score;
            Assert.All(zip.Zip(results[i].Probabilities), p => Assert.Equal(p.First, p.Second, 1e-5f));
        }
    }

    [Fact]
    public void A_validation_split_the_head_gets_all_right_fits_no_temperature_and_says_why()
    {
        var (head, info, notFitted) = HeadCalibration.Fit(_head, _fitted, _images);

        Assert.Null(info);
        Assert.Same(_fitted, head);
        Assert.Contains("all 30 validation images right", notFitted, StringComparison.Ordinal);
    }

    [Fact]
    public void One_wrong_image_fits_a_finite_temperature_and_finite_calibration_errors()
    {
        // Relabel one image so the head, fitted on the true labels, gets exactly that one wrong.
        var relabeled = _images.Select((image, i) => i != 0 ? image : image with { Source = image.Source with { Label = TinyHead.Classes[1] } }).ToList();

        var (_, info, notFitted) = HeadCalibration.Fit(_head, _fitted, relabeled);

        Assert.Null(notFitted);
        Assert.NotNull(info);
        double[] values = [info.Temperature, info.NegativeLogLikelihoodBefore, info.NegativeLogLikelihoodAfter, info.ExpectedCalibrationErrorBefore, info.ExpectedCalibrationErrorAfter];
        Assert.All(
            values,
            v => Assert.True(double.IsFinite(v), $"{v} is not finite"));
        Assert.True(info.NegativeLogLikelihoodAfter <= info.NegativeLogLikelihoodBefore);
    }

    [Fact]
    public void Softmax_of_logits_far_above_the_float_exponent_range_is_exact()
    {
        // exp(1000) overflows a float; shifted by the maximum the two classes are e^0 : e^-ln3 = 3 : 1.
        var p = HeadParameters.Softmax([1000f, 1000f - (float)Math.Log(3)], temperature: 1);
        Assert.Equal(0.75, p[0], 1e-4);
        Assert.Equal(0.25, p[1], 1e-4);

        // At T = 0.05 the same logits are 20 times further apart: 3^20 : 1.
        var sharp = HeadParameters.Softmax([1000f, 1000f - (float)Math.Log(3)], temperature: 0.05);
        Assert.Equal(1 / (1 + Math.Pow(3, -20)), sharp[0], 1e-6);
    }

    /// <summary>The head with either scaling train may choose; L2 1 keeps its probabilities short of 1, so the temperature visibly sharpens them.</summary>
    private ITransformer Fitted(FeatureScaling scaling) => _head.Fit(_images, new HeadSettings(scaling, 0, 1));

    private static double[] Softmax(float[] logits, double temperature)
    {
        var scaled = logits.Select(z => z / temperature).ToArray();
        var max = scaled.Max();
        var exp = scaled.Select(z => Math.Exp(z - max)).ToArray();
        return [.. exp.Select(e => e / exp.Sum())];
    }

    public sealed class Scored
    {
        public float[] Score { get; set; } = [];

        public string PredictedLabel { get; set; } = "";
    }
}
