using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// What ONNX Runtime's graph optimizer makes of a model: the QDQ form only pays off when the optimizer fuses each
/// DequantizeLinear → Conv → QuantizeLinear group into one QLinearConv, so tests and the benchmark count the fused
/// operators instead of assuming them.
/// </summary>
public static class OptimizedGraph
{
    /// <summary>
    /// Operator counts of the model as ONNX Runtime optimizes it at the extended level (where the QDQ fusions run;
    /// the "all" level adds layout changes specific to this CPU, which cannot be saved portably).
    /// </summary>
    public static IReadOnlyDictionary<string, int> OperatorCounts(byte[] onnx)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlpipeline-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = path })
            using (new InferenceSession(onnx, options))
            {
            }

            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node
                .GroupBy(n => n.OpType, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
