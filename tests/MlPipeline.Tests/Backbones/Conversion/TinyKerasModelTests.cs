using System.Text.Json.Nodes;
using MlPipeline.Core.Backbones.Conversion;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>Converted tiny models must reproduce the outputs TF.js itself computed for them.</summary>
public sealed class TinyKerasModelTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("conv-bn-relu")]
    [InlineData("residual")]
    [InlineData("dense-activations")]
    public void Final_output_matches_tfjs(string name)
    {
        var fixture = TinyKerasFixture.Load(name);
        var (layer, shape, expected) = fixture.Outputs[0];

        var outputs = Run(fixture, featureLayer: null);

        Assert.Equal(shape, outputs["output"].Shape);
        AssertClose(layer, outputs["output"].Data, expected);
    }

    /// <summary>
    /// Every recorded layer, exposed as the <c>features</c> output, matches TF.js: this checks intermediate
    /// results (e.g. the stride-2 'same' convolution with its asymmetric padding) and that features are
    /// flattened in Keras' NHWC order.
    /// </summary>
    [Theory]
    [InlineData("conv-bn-relu")]
    [InlineData("residual")]
    [InlineData("dense-activations")]
    public void Every_recorded_layer_matches_tfjs_when_exposed_as_features(string name)
    {
        var fixture = TinyKerasFixture.Load(name);
        foreach (var (layer, shape, expected) in fixture.Outputs)
        {
            var features = Run(fixture, featureLayer: layer)["features"];

            Assert.Equal([shape[0], shape.Skip(1).Aggregate(1, (product, dim) => product * dim)], features.Shape);
            AssertClose(layer, features.Data, expected);
        }
    }

    /// <summary>
    /// Exposing a convolution as <c>features</c> keeps its output alive, so the BatchNormalization after it
    /// cannot be folded and is emitted as an ONNX BatchNormalization instead; the model output must not change.
    /// </summary>
    [Theory]
    [InlineData("conv-bn-relu", "conv")]
    [InlineData("residual", "branch_b_conv")]
    public void Final_output_matches_tfjs_with_an_unfolded_batch_normalization(string name, string convolution)
    {
        var fixture = TinyKerasFixture.Load(name);
        var model = KerasToOnnxConverter.Convert(fixture.ModelJsonPath, new ConversionOptions(convolution, InputPreprocessing.None));
        Assert.Contains(ModelProto.Parser.ParseFrom(model).Graph.Node, node => node.OpType == "BatchNormalization");

        using var runner = new OnnxModelRunner(model);
        var output = runner.Run(fixture.InputNchw(), fixture.InputShapeNchw())["output"];

        AssertClose(fixture.Outputs[0].Layer, output.Data, fixture.Outputs[0].Data);
    }

    [Fact]
    public void Weight_names_with_uniquifying_suffixes_still_map_to_their_layers()
    {
        var fixture = TinyKerasFixture.Load("residual");
        using var folder = new TemporaryModelFolder().WithFixture("residual");
        var modelJson = JsonNode.Parse(File.ReadAllText(folder.ModelJson))!;
        var weights = modelJson["weightsManifest"]![0]!["weights"]!.AsArray();
        for (var i = 0; i < weights.Count; i++)
        {
            // tfjs appends "_1" to a variable name already used in the session; TensorFlow appends ":0".
            weights[i]!["name"] = $"{weights[i]!["name"]}{(i % 2 == 0 ? "_1" : ":0")}";
        }

        File.WriteAllText(folder.ModelJson, modelJson.ToJsonString());

        var output = Run(fixture, featureLayer: null, folder.ModelJson)["output"];

        AssertClose(fixture.Outputs[0].Layer, output.Data, fixture.Outputs[0].Data);
    }

    private static Dictionary<string, (int[] Shape, float[] Data)> Run(TinyKerasFixture fixture, string? featureLayer, string? modelJsonPath = null)
    {
        var model = KerasToOnnxConverter.Convert(modelJsonPath ?? fixture.ModelJsonPath, new ConversionOptions(featureLayer, InputPreprocessing.None));
        using var runner = new OnnxModelRunner(model);
        return runner.Run(fixture.InputNchw(), fixture.InputShapeNchw());
    }

    private static void AssertClose(string layer, float[] actual, float[] expected)
    {
        var (error, index) = TensorLayouts.MaxAbsError(actual, expected);
        Assert.True(error < Tolerance, $"Layer '{layer}' differs from TF.js by {error:G3} at index {index} ({actual[index]} vs {expected[index]}).");
    }
}
