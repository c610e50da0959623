using System.Collections.Frozen;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// The ops the QDQ quantizer rewrites, one <see cref="QdqRule"/> each, as ONNX Runtime's own quantizer decides them.
/// Everything else (the caffe preprocessing, the global average pool, the ImageNet classifier) stays float, reading
/// dequantized values.
/// </summary>
internal static class QdqRules
{
    private static readonly FrozenDictionary<string, QdqRule> Rules = new QdqRule[]
    {
        // Only constant weights can be quantized ahead of time; a shared weight would need one scale for all
        // readers. ONNX Runtime fuses DequantizeLinear → Conv → QuantizeLinear only when the bias is int32.
        new(
            "Conv",
            (node, initializers) => IsFloat(node.Input[1], initializers)
                && (node.Input.Count < 3 || node.Input[2].Length == 0 || IsFloat(node.Input[2], initializers)),
            ActivationInputs: [0],
            OwnOutputRange: true,
            AbsorbsRelu: true,
            QuantizesWeights: true),
        new("Add", (node, initializers) => node.Input.All(input => !initializers.ContainsKey(input)), ActivationInputs: [0, 1], OwnOutputRange: true, AbsorbsRelu: true),
        new("MaxPool", (node, _) => node.Output.Count == 1, ActivationInputs: [0], OwnOutputRange: false),

        // Only zero padding keeps 0 at the zero point; reflect or edge padding would too, but the converter never
        // writes them. Input 1 (the pads) is an int64 initializer, not an activation.
        new(
            "Pad",
            (node, _) => node.String("mode", "constant") == "constant" && (node.Input.Count < 3 || node.Input[2].Length == 0),
            ActivationInputs: [0],
            OwnOutputRange: false),
    }.ToFrozenDictionary(rule => rule.OpType, StringComparer.Ordinal);

    public static IEnumerable<QdqRule> All => Rules.Values;

    /// <summary>The rule of <paramref name="opType"/>, or null for an op that stays float.</summary>
    public static QdqRule? Find(string opType) => Rules.GetValueOrDefault(opType);

    private static bool IsFloat(string name, IReadOnlyDictionary<string, TensorProto> initializers) =>
        initializers.TryGetValue(name, out var tensor) && tensor.DataType == (int)TensorProto.Types.DataType.Float;
}
