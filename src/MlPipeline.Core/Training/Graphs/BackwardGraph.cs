using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// Reverse-mode differentiation of the trainable part of a backbone graph, written as more ONNX nodes: the nodes
/// are visited in reverse topological order and each op kind has one backward rule (split by family like the
/// converter's translator). A value read by several nodes (a residual fan-out) receives one contribution per reader,
/// summed once all readers are done.
/// </summary>
internal sealed partial class BackwardGraph
{
    private readonly ForwardGraph forward;
    private readonly TrainingGraphWriter writer;
    private readonly HashSet<string> needsGradient;
    private readonly Dictionary<string, List<string>> contributions = new(StringComparer.Ordinal);

    private BackwardGraph(ForwardGraph forward, TrainingGraphWriter writer, HashSet<string> needsGradient)
    {
        this.forward = forward;
        this.writer = writer;
        this.needsGradient = needsGradient;
    }

    /// <summary>
    /// Adds the gradient of every parameter (outputs <c>grad.&lt;name&gt;</c>) given the gradient of
    /// <paramref name="output"/>, the value the head reads.
    /// </summary>
    /// <param name="forward">The backbone graph the nodes come from (for shapes and initializers).</param>
    /// <param name="writer">The training graph being written; it already holds the forward nodes.</param>
    /// <param name="nodes">The trainable nodes in forward topological order, as written (MaxPool with its indices).</param>
    /// <param name="parameters">The names of the trainable initializers, now graph inputs.</param>
    /// <param name="output">The value whose gradient is given.</param>
    /// <param name="outputGradient">That gradient.</param>
    public static void Write(
        ForwardGraph forward, TrainingGraphWriter writer, IReadOnlyList<NodeProto> nodes, IReadOnlyCollection<string> parameters, string output, string outputGradient)
    {
        var needsGradient = new HashSet<string>(parameters, StringComparer.Ordinal);
        foreach (var node in nodes.Where(node => node.Input.Any(needsGradient.Contains)))
        {
            needsGradient.UnionWith(node.Output);
        }

        var backward = new BackwardGraph(forward, writer, needsGradient);
        backward.Contribute(output, outputGradient);
        foreach (var node in nodes.Reverse().Where(node => needsGradient.Contains(node.Output[0])))
        {
            if (backward.Gradient(node.Output[0]) is { } gradient)
            {
                backward.Differentiate(node, gradient);
            }
        }

        foreach (var parameter in parameters)
        {
            backward.WriteParameterGradient(parameter);
        }
    }

    private void Differentiate(NodeProto node, string gradient)
    {
        switch (node.OpType)
        {
            case "Conv":
                Conv(node, gradient);
                break;
            case "Relu":
                Relu(node, gradient);
                break;
            case "Add":
                Add(node, gradient);
                break;
            case "Identity":
                Contribute(node.Input[0], gradient);
                break;
            case "Flatten" or "Reshape":
                Reshape(node, gradient);
                break;
            case "Pad":
                Pad(node, gradient);
                break;
            case "MaxPool":
                MaxPool(node, gradient);
                break;
            case "GlobalAveragePool":
                GlobalAveragePool(node, gradient);
                break;
            default:
                throw new MlPipelineException(
                    ExitCode.BackboneError,
                    $"The backbone's trainable part has a {node.OpType} node ('{node.Name}'), which the training graph builder cannot differentiate.");
        }
    }

    private bool NeedsGradient(string value) => needsGradient.Contains(value);

    private void Contribute(string value, string gradient)
    {
        if (!contributions.TryGetValue(value, out var list))
        {
            contributions[value] = list = [];
        }

        list.Add(gradient);
    }

    /// <summary>The gradient of a value once all its readers have contributed, or null when none reached it.</summary>
    private string? Gradient(string value) =>
        contributions.TryGetValue(value, out var list) switch
        {
            false => null,
            true when list.Count == 1 => list[0],
            _ => Total(list, GradientName(value)),
        };

    /// <summary>Adds up contributions with binary Adds: ONNX Runtime spreads Add over its threads, not Sum.</summary>
    private string Total(List<string> list, string name)
    {
        var total = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            total = writer.AddNode("Add", [total, list[i]], i == list.Count - 1 ? name : $"{name}/partial_{i}");
        }

        return total;
    }

    private void WriteParameterGradient(string parameter)
    {
        var name = TrainingGraphNames.GradientPrefix + parameter;
        if (!contributions.TryGetValue(parameter, out var list))
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's parameter '{parameter}' does not influence the features.");
        }

        if (list.Count == 1)
        {
            writer.AddNode("Identity", list, name);
        }
        else
        {
            Total(list, name);
        }
    }

    /// <summary>A name for a value derived from the gradient of <paramref name="value"/> in rule <paramref name="node"/>.</summary>
    private static string Derived(NodeProto node, string value, string what) => $"{GradientName(value)}/{node.Output[0]}/{what}";

    private static string GradientName(string value) => TrainingGraphNames.GradientPrefix + value;
}
