using MlPipeline.Core.Backbones.Conversion;
using MlPipeline.Core.Onnx;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>The real Keras ResNet-50, converted with caffe preprocessing and avg_pool features, against TF.js.</summary>
[Trait("Tier", "Slow")]
public sealed class ResNet50ConversionTests(ResNet50ConversionTests.ConvertedResNet50 resNet, ITestOutputHelper output)
    : IClassFixture<ResNet50ConversionTests.ConvertedResNet50>
{
    [Theory]
    [InlineData("gradient.png")]
    [InlineData("rings.png")]
    [InlineData("checker-blob.png")]
    [InlineData(ResNet50Reference.SyntheticInput)]
    public void Features_and_predictions_match_tfjs(string input)
    {
        var reference = ResNet50Reference.Load(input);

        var outputs = resNet.Runner.Run(ResNet50Reference.RgbInput(input), [1, 3, ResNet50Reference.Size, ResNet50Reference.Size]);

        var (featureError, featureIndex) = TensorLayouts.MaxAbsError(outputs["features"].Data, reference.AvgPool);
        var probabilities = outputs["output"].Data;
        var probabilityError = reference.Top5.Max(top => Math.Abs(probabilities[top.Index] - top.Probability));
        output.WriteLine($"{input}: avg_pool max abs error {featureError:G3} (at {featureIndex}, max |feature| {reference.AvgPoolMaxAbs:G4}); top-5 probability max abs error {probabilityError:G3}");

        Assert.True(featureError < 1e-4 * reference.AvgPoolMaxAbs, $"avg_pool differs from TF.js by {featureError:G3} at {featureIndex}.");
        Assert.Equal(reference.Top5[0].Index, ArgMax(probabilities));
        Assert.True(probabilityError < 1e-3, $"Top-5 probabilities differ from TF.js by up to {probabilityError:G3}.");
    }

    [Fact]
    public void Graph_has_an_NCHW_image_input_with_a_symbolic_batch()
    {
        var input = Assert.Single(resNet.Runner.Inputs);
        Assert.Equal("image", input.Key);
        Assert.Equal([-1, 3, 224, 224], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);
    }

    [Fact]
    public void Outputs_are_class_probabilities_and_avg_pool_features_for_every_image_of_a_batch()
    {
        var batch = new float[2 * 3 * 224 * 224];
        var random = new Random(7); // Deterministic, not golden: only shapes and sums are checked here.
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = random.Next(256);
        }

        var outputs = resNet.Runner.Run(batch, [2, 3, 224, 224]);

        var (probabilityShape, probabilities) = outputs["output"];
        Assert.Equal([2, 1000], probabilityShape);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1.0, probabilities.Take(1000).Sum(p => (double)p), 4);
        Assert.Equal(1.0, probabilities.Skip(1000).Sum(p => (double)p), 4);

        var (featureShape, features) = outputs["features"];
        Assert.Equal([2, 2048], featureShape);
        Assert.All(features, f => Assert.True(f >= 0f && float.IsFinite(f))); // avg_pool follows a ReLU.
    }

    [Fact]
    public void Graph_is_opset_13_with_every_batch_normalization_folded_and_caffe_preprocessing_before_padding()
    {
        var model = ModelProto.Parser.ParseFrom(resNet.Model);
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(13, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("MlPipeline", model.ProducerName);

        var operations = model.Graph.Node.Select(node => node.OpType).ToList();
        Assert.Equal(53, operations.Count(op => op == "Conv"));
        Assert.DoesNotContain("BatchNormalization", operations);
        Assert.Equal(["Gather", "Sub", "Pad", "Conv"], operations.Take(4));
    }

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());

    /// <summary>Converts the real ResNet-50 once for all tests of the class; conversion takes seconds.</summary>
    public sealed class ConvertedResNet50 : IDisposable
    {
        public ConvertedResNet50()
        {
            Model = KerasToOnnxConverter.Convert(ResNet50Files.ModelJsonPath(), new ConversionOptions("avg_pool", InputPreprocessing.Caffe));
            Runner = new OnnxModelRunner(Model);
        }

        public byte[] Model { get; }

        public OnnxModelRunner Runner { get; }

        public void Dispose() => Runner.Dispose();
    }
}
