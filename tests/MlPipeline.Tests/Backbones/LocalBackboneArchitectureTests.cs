using MlPipeline.Core.Backbones;
using MlPipeline.Core.Backbones.Conversion;
using MlPipeline.Core.Reporting;
using MlPipeline.Tests.Backbones.Conversion;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Backbones;

/// <summary>
/// A local backbone's architecture comes from the file itself and its origin is the file: nothing is borrowed from
/// the catalog's ResNet-50. The sizes expected here are the ones TF.js computed for the fixture (expected.json).
/// </summary>
public sealed class LocalBackboneArchitectureTests : IDisposable
{
    private readonly ScratchFolder _cache = new();

    [Fact]
    public async Task A_model_json_gives_its_own_input_size_and_feature_layer()
    {
        var fixture = TinyKerasFixture.Load("residual");
        var (inputHeight, inputWidth) = (fixture.InputShape[1], fixture.InputShape[2]);
        var featureSize = fixture.Outputs.Single(output => output.Layer == "pool").Shape[1];

        var backbone = await new BackboneProvider(_cache.Path, SilentObserver.Instance).ResolveAsync(fixture.ModelJsonPath, CancellationToken.None);

        Assert.Equal((inputWidth, inputHeight, "pool", featureSize), (backbone.Architecture.InputWidth, backbone.Architecture.InputHeight, backbone.Architecture.FeatureLayer, backbone.Architecture.FeatureSize));
        Assert.Null(backbone.Architecture.LastStageInput);
        Assert.Equal(new LocalFileOrigin(Path.GetFullPath(fixture.ModelJsonPath)), backbone.Origin);
        Assert.Equal(Path.GetFullPath(fixture.ModelJsonPath), backbone.Source);
    }

    [Fact]
    public async Task A_local_onnx_has_its_file_as_origin_and_its_own_sizes()
    {
        var fixture = TinyKerasFixture.Load("conv-bn-relu");
        var onnx = Path.Combine(_cache.Path, "tiny.onnx");
        await File.WriteAllBytesAsync(onnx, KerasToOnnxConverter.Convert(fixture.ModelJsonPath, new ConversionOptions("pool", InputPreprocessing.None)));
        var pooled = fixture.Outputs.Single(output => output.Layer == "pool").Shape[1];

        var backbone = await new BackboneProvider(_cache.Path, SilentObserver.Instance).ResolveAsync(onnx, CancellationToken.None);

        Assert.IsType<LocalFileOrigin>(backbone.Origin);
        Assert.Equal(onnx, backbone.Source);
        Assert.Equal(("tiny", fixture.InputShape[2], fixture.InputShape[1], pooled), (backbone.Architecture.Name, backbone.Architecture.InputWidth, backbone.Architecture.InputHeight, backbone.Architecture.FeatureSize));
        Assert.Null(backbone.Architecture.FeatureLayer);
        Assert.Null(backbone.Architecture.LastStageInput);
    }

    [Fact]
    public void The_feature_layer_is_found_behind_a_dense_layer_and_its_activation()
    {
        var fixture = TinyKerasFixture.Load("dense-activations");
        Assert.Equal(
            new KerasTopology(fixture.InputShape[1], fixture.InputShape[2], "pool"),
            KerasToOnnxConverter.ReadTopology(fixture.ModelJsonPath));
    }

    public void Dispose() => _cache.Dispose();
}
