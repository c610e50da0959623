using Google.Protobuf;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// The split of a backbone graph at one value: the nodes after it that lead to the features (trained), the nodes
/// before it (frozen, forward only), and the initializers the trained nodes read: every Conv weight and bias is a
/// parameter, anything else (pads, preprocessing means) stays a constant.
/// </summary>
internal sealed class TrainablePart
{
    private readonly ForwardGraph forward;

    private TrainablePart(ForwardGraph forward, string firstTrainable, List<NodeProto> nodes)
    {
        this.forward = forward;
        FirstTrainable = firstTrainable;
        Nodes = nodes;
        var read = nodes.SelectMany(node => node.Input).Where(forward.IsInitializer).Distinct(StringComparer.Ordinal).ToList();
        var parameters = nodes.Where(node => node.OpType == "Conv").SelectMany(node => node.Input.Skip(1)).Where(forward.IsInitializer).ToHashSet(StringComparer.Ordinal);
        Parameters = [.. read.Where(parameters.Contains)];
        Constants = [.. read.Where(name => !parameters.Contains(name))];
    }

    public string FirstTrainable { get; }

    /// <summary>The trained nodes, in the backbone's (topological) order.</summary>
    public IReadOnlyList<NodeProto> Nodes { get; }

    /// <summary>The Conv weights and biases, in the order the nodes read them.</summary>
    public IReadOnlyList<string> Parameters { get; }

    public IReadOnlyList<string> Constants { get; }

    public bool IsWholeGraph => forward.Model.Graph.Input.Any(input => input.Name == FirstTrainable);

    public static TrainablePart Find(ForwardGraph forward, string firstTrainable, string features)
    {
        var needed = Ancestors(forward, features);
        var after = new HashSet<string>(StringComparer.Ordinal) { firstTrainable };
        var nodes = new List<NodeProto>();
        foreach (var node in forward.Nodes.Where(needed.Contains))
        {
            if (node.Input.Any(after.Contains))
            {
                after.UnionWith(node.Output);
                nodes.Add(node);
            }
        }

        if (!nodes.Any(node => node.Output.Contains(features)))
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's features are not computed from '{firstTrainable}', so training cannot start there.");
        }

        // A value from before the cut read after it (a skip connection across it) would need its own gradient path.
        if (nodes.SelectMany(node => node.Input).FirstOrDefault(input => input.Length > 0 && !after.Contains(input) && !forward.IsInitializer(input)) is { } crossing)
        {
            throw new MlPipelineException(ExitCode.BackboneError, $"The backbone's value '{crossing}' is computed before '{firstTrainable}' but read after it, so training cannot start there.");
        }

        return new TrainablePart(forward, firstTrainable, nodes);
    }

    /// <summary>The backbone up to the cut, with the cut value as output <c>activation</c>; the backbone's own opset and inputs.</summary>
    public byte[] WriteFrozenModel()
    {
        var frozenNodes = Ancestors(forward, FirstTrainable);
        var model = forward.Model.Clone();
        var graph = model.Graph;
        graph.Node.Clear();
        graph.Node.AddRange(forward.Nodes.Where(frozenNodes.Contains));
        var read = graph.Node.SelectMany(node => node.Input).ToHashSet(StringComparer.Ordinal);
        var initializers = graph.Initializer.Where(tensor => read.Contains(tensor.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        graph.ValueInfo.Clear();
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = TrainingGraphNames.Activation, Input = { FirstTrainable }, Output = { TrainingGraphNames.Activation } });

        var output = graph.Output.First(output => output.Name == BackboneArchitecture.OnnxFeatures).Clone();
        output.Name = TrainingGraphNames.Activation;
        var shape = output.Type.TensorType.Shape;
        while (shape.Dim.Count > 1)
        {
            shape.Dim.RemoveAt(shape.Dim.Count - 1);
        }

        shape.Dim.AddRange(forward.ShapeOf(FirstTrainable).Select(dim => new TensorShapeProto.Types.Dimension { DimValue = dim }));
        graph.Output.Clear();
        graph.Output.Add(output);
        model.DocString = $"The frozen part of the backbone, up to '{FirstTrainable}'.";
        return model.ToByteArray();
    }

    /// <summary>The nodes that <paramref name="value"/> depends on.</summary>
    private static HashSet<NodeProto> Ancestors(ForwardGraph forward, string value)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in forward.Nodes)
        {
            foreach (var output in node.Output)
            {
                producers[output] = node;
            }
        }

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
