namespace MlPipeline.Core.Backbones;

/// <summary>A backbone ready to run: its spec and an ONNX file on disk.</summary>
/// <param name="Spec">Input size, feature size and other facts of the architecture.</param>
/// <param name="OnnxPath">The converted (or user-supplied) ONNX file.</param>
/// <param name="Sha256">Hash of the ONNX file, recorded in every model made from it.</param>
/// <param name="Source">Where it came from, for provenance (npm spec, or a local path).</param>
public sealed record ResolvedBackbone(BackboneSpec Spec, string OnnxPath, string Sha256, string Source);
