using System.Diagnostics.CodeAnalysis;

namespace MlPipeline.Core.Onnx;

/// <summary>
/// Who writes and who reads each value of a list of nodes, taken when the index is built: a rewrite that rewires
/// nodes afterwards builds a new index.
/// </summary>
internal sealed class GraphIndex
{
    private readonly Dictionary<string, NodeProto> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> readCounts = new(StringComparer.Ordinal);

    public GraphIndex(IEnumerable<NodeProto> nodes)
    {
        foreach (var node in nodes)
        {
            foreach (var output in node.Output)
            {
                producers[output] = node;
            }

            foreach (var input in node.Input)
            {
                readCounts[input] = readCounts.GetValueOrDefault(input) + 1;
            }
        }
    }

    /// <summary>The node that writes <paramref name="value"/>; false for graph inputs and initializers.</summary>
    public bool TryGetProducer(string value, [NotNullWhen(true)] out NodeProto? producer) =>
        producers.TryGetValue(value, out producer);

    /// <summary>How many node inputs read <paramref name="value"/> (a node reading it twice counts twice).</summary>
    public int ReadCount(string value) => readCounts.GetValueOrDefault(value);

    /// <summary>The nodes <paramref name="value"/> depends on, by reference (protobuf messages compare by value).</summary>
    public HashSet<NodeProto> Ancestors(string value)
    {
        var found = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<string>([value]);
        while (pending.TryPop(out var next))
        {
            if (producers.TryGetValue(next, out var node) && found.Add(node))
            {
                foreach (var input in node.Input)
                {
                    pending.Push(input);
                }
            }
        }

        return found;
    }
}
