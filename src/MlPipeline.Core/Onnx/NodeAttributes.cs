namespace MlPipeline.Core.Onnx;

/// <summary>Reads a node's attributes by name, with the default the ONNX operator specification gives when one is absent.</summary>
internal static class NodeAttributes
{
    public static long Int(this NodeProto node, string name, long fallback) =>
        Find(node, name) is { } found ? found.I : fallback;

    public static long[] Ints(this NodeProto node, string name, long[] fallback) =>
        Find(node, name) is { } found ? [.. found.Ints] : fallback;

    public static string String(this NodeProto node, string name, string fallback) =>
        Find(node, name) is { } found ? found.S.ToStringUtf8() : fallback;

    private static AttributeProto? Find(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(attribute => attribute.Name == name);
}
