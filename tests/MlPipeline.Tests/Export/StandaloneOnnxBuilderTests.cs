using MlPipeline.Core.Onnx;
using MlPipeline.Core.Export;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Tests.Export;

/// <summary>The graph surgery on a tiny stand-in backbone: channel means as features, plus an unused ImageNet-like branch.</summary>
public sealed class StandaloneOnnxBuilderTests
{
    private const int Side = 2;
    private static readonly HeadParameters Head = HeadParameters.From(new TinyHead().Model);

    [Fact]
    public void Uint8_NHWC_pixels_go_through_the_backbone_and_head_to_probabilities_and_label()
    {
        var onnx = Build();
        // Per image, 2x2 RGBA pixels; channel means are the features the tiny backbone computes.
        byte[][] images = [[250, 10, 0, 255, 200, 30, 20, 255, 230, 50, 40, 255, 210, 70, 60, 255], [0, 20, 240, 0, 10, 40, 220, 0, 30, 60, 200, 0, 20, 80, 180, 0]];

        using var session = new StandaloneModelSession(onnx);
        var results = session.Run(images, Side, Side);

        for (var i = 0; i < images.Length; i++)
        {
            var means = Enumerable.Range(0, 3).Select(c => (float)images[i].Where((_, k) => k % 4 == c).Average(b => b)).ToArray();
            var expected = HeadMath.Probabilities(Head, means);
            var (probabilities, label) = results[i];
            Assert.All(expected.Zip(probabilities), p => Assert.Equal(p.First, p.Second, 1e-5f));
            Assert.Equal(Array.IndexOf(expected, expected.Max()), label);
        }

        Assert.Equal(["red", "blue"], results.Select(r => TinyHead.Classes[r.Label]));
    }

    [Fact]
    public void The_unused_branch_is_pruned_and_metadata_and_interface_are_declared()
    {
        var model = ModelProto.Parser.ParseFrom(Build());

        Assert.Equal(["probabilities", "label"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal("image", Assert.Single(model.Graph.Input).Name);
        Assert.Equal((int)TensorProto.Types.DataType.Uint8, model.Graph.Input[0].Type.TensorType.ElemType);
        Assert.Equal(["N", "2", "2", "3"], model.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam is "" ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam));
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Relu");
        Assert.DoesNotContain(model.Graph.Initializer, t => t.Name == "imagenet_bias");
        Assert.Equal("[\"blue\",\"green\",\"red\"]", model.MetadataProps.Single(p => p.Key == "classes").Value);
    }

    private static byte[] Build() =>
        StandaloneOnnxBuilder.Build(TinyBackbone(), Head, Side, Side, new Dictionary<string, string> { ["classes"] = "[\"blue\",\"green\",\"red\"]" });

    internal static byte[] TinyBackbone()
    {
        var builder = new OnnxGraphBuilder("tiny");
        builder.AddInput("image", [3, Side, Side]);
        var pooled = builder.AddNode("GlobalAveragePool", ["image"], "pooled");
        var features = builder.AddNode("Flatten", [pooled], "features");
        var shifted = builder.AddNode("Add", [features, builder.AddInitializer("imagenet_bias", [3], [1, 2, 3])], "shifted");
        builder.AddNode("Relu", [shifted], "output");
        builder.AddOutput("features", [3]);
        builder.AddOutput("output", [3]);
        return builder.ToModelBytes("tiny backbone");
    }
}
