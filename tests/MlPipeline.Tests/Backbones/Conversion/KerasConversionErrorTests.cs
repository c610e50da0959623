using MlPipeline.Core.Backbones.Conversion;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>Models the converter cannot handle fail with a message that says what and where.</summary>
public sealed class KerasConversionErrorTests
{
    private static readonly ConversionOptions Plain = new(FeatureLayer: null, InputPreprocessing.None);

    [Fact]
    public void Unsupported_layer_class_is_named_with_its_layer()
    {
        using var folder = new TemporaryModelFolder();
        File.WriteAllText(folder.ModelJson, SingleLayerModel.Json("upsample", """{ "name": "upsample", "class_name": "UpSampling2D", "config": { "size": [2, 2] }, "inbound_nodes": [[["input", 0, 0, {}]]] }"""));

        var error = Assert.Throws<KerasConversionException>(() => KerasToOnnxConverter.Convert(folder.ModelJson, Plain));

        Assert.Contains("'upsample'", error.Message, StringComparison.Ordinal);
        Assert.Contains("UpSampling2D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_activation_is_named_with_its_layer()
    {
        using var folder = new TemporaryModelFolder();
        File.WriteAllText(folder.ModelJson, SingleLayerModel.Json("act", """{ "name": "act", "class_name": "Activation", "config": { "activation": "elu" }, "inbound_nodes": [[["input", 0, 0, {}]]] }"""));

        var error = Assert.Throws<KerasConversionException>(() => KerasToOnnxConverter.Convert(folder.ModelJson, Plain));

        Assert.Contains("'act'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'elu'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_weight_shard_is_named()
    {
        using var folder = new TemporaryModelFolder().WithFixture("residual");
        File.Delete(Path.Combine(folder.Path, "weights.bin"));

        var error = Assert.Throws<KerasConversionException>(() => KerasToOnnxConverter.Convert(folder.ModelJson, Plain));

        Assert.Contains("'weights.bin'", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_weight_shard_is_reported_with_both_sizes()
    {
        using var folder = new TemporaryModelFolder().WithFixture("residual");
        var shard = Path.Combine(folder.Path, "weights.bin");
        var length = new FileInfo(shard).Length;
        using (var stream = File.OpenWrite(shard))
        {
            stream.SetLength(length - 4);
        }

        var error = Assert.Throws<KerasConversionException>(() => KerasToOnnxConverter.Convert(folder.ModelJson, Plain));

        Assert.Contains($"{length - 4} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_feature_layer_is_named()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras-tiny", "residual", "model.json");

        var error = Assert.Throws<KerasConversionException>(() => KerasToOnnxConverter.Convert(model, new ConversionOptions("no_such_layer", InputPreprocessing.None)));

        Assert.Contains("'no_such_layer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Caffe_preprocessing_needs_a_three_channel_input()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras-tiny", "dense-activations", "model.json");

        var error = Assert.Throws<KerasConversionException>(() => KerasToOnnxConverter.Convert(model, new ConversionOptions(null, InputPreprocessing.Caffe)));

        Assert.Contains("3-channel", error.Message, StringComparison.Ordinal);
    }
}
