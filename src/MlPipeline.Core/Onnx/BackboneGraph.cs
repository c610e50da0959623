namespace MlPipeline.Core.Onnx;

/// <summary>
/// The interface every backbone ONNX graph has, whoever wrote it (the converter or a user's file), and that the
/// pipeline, fine-tuning, quantization and export rely on: input <see cref="Input"/>, float RGB pixels 0-255 of
/// shape [N, 3, height, width]; output <see cref="Features"/>, the pooled features of shape [N, feature size].
/// </summary>
public static class BackboneGraph
{
    /// <summary>Name of the graph's input: float RGB pixels 0-255, NCHW.</summary>
    public const string Input = "image";

    /// <summary>Name of the graph's pooled-feature output.</summary>
    public const string Features = "features";
}
