using MlPipeline.Core.Onnx;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Tests.Quantization;

/// <summary>The registry of QDQ rules: the tiny network the quantization tests run exercises every rule.</summary>
public sealed class QdqRulesTests
{
    [Fact]
    public void Every_QDQ_rule_applies_to_a_node_of_the_tiny_network_the_quantizer_tests_run()
    {
        var graph = ModelProto.Parser.ParseFrom(TinyConvNet.Build()).Graph;
        var initializers = graph.Initializer.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);

        var unexercised = QdqRules.All
            .Where(rule => !graph.Node.Any(node => node.OpType == rule.OpType && rule.Applies(node, initializers)))
            .Select(rule => rule.OpType);

        Assert.Empty(unexercised);
    }
}
