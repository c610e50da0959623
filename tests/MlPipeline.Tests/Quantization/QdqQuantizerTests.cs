using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Tests.Quantization;

/// <summary>The QDQ rewrite on a tiny graph: its structure, what ONNX Runtime fuses it into, and its numbers.</summary>
public sealed class QdqQuantizerTests
{
    private const int CalibrationCount = 16;
    private static readonly byte[] Float = TinyConvNet.Build();

    [Fact]
    public void Convolutions_read_per_channel_int8_weights_and_int32_biases_through_DequantizeLinear()
    {
        var graph = ModelProto.Parser.ParseFrom(Quantized(ActivationType.U8)).Graph;
        var producers = graph.Node.ToDictionary(n => n.Output[0]);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);

        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        Assert.Equal(3, convs.Count);
        foreach (var conv in convs)
        {
            Assert.All(conv.Input, i => Assert.Equal("DequantizeLinear", producers[i].OpType));
            var weight = producers[conv.Input[1]];
            var bias = producers[conv.Input[2]];
            Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[weight.Input[0]].DataType);
            Assert.Equal((int)TensorProto.Types.DataType.Int32, initializers[bias.Input[0]].DataType);
            Assert.All([weight, bias], dq => Assert.Equal(0, dq.Attribute.Single(a => a.Name == "axis").I));
            // One scale per output channel.
            Assert.Equal(initializers[weight.Input[0]].Dims[0], initializers[weight.Input[1]].Dims.Single());
        }

        Assert.DoesNotContain(graph.Node, n => n.OpType == "Relu");
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "a/kernel" || t.Name == "a/bias");
    }

    [Fact]
    public void A_ReLU_whose_output_is_a_graph_output_is_kept()
    {
        var builder = new Core.Onnx.OnnxGraphBuilder("relu-out");
        builder.AddInput("image", [1, 2, 2]);
        var centered = builder.AddNode("Sub", ["image", builder.AddInitializer("mean", [1], [1f])], "centered");
        var conv = builder.AddNode("Conv", [centered, builder.AddInitializer("k", [1, 1, 1, 1], [0.5f]), builder.AddInitializer("b", [1], [-0.1f])], "conv");
        builder.AddNode("Relu", [conv], "features");
        builder.AddOutput("features", [1, 2, 2]);
        var quantizer = QdqQuantizer.Load(builder.ToModelBytes(string.Empty));

        var graph = ModelProto.Parser.ParseFrom(quantizer.Quantize(quantizer.CalibratedTensors.ToDictionary(t => t, _ => (-2f, 2f)), ActivationType.U8)).Graph;

        Assert.Equal("features", Assert.Single(graph.Node, n => n.OpType == "Relu").Output[0]);
    }

    [Fact]
    public void MaxPool_and_Pad_keep_their_inputs_scale_and_zero_point()
    {
        var graph = ModelProto.Parser.ParseFrom(Quantized(ActivationType.U8)).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        float Scale(string tensor) => BitConverter.ToSingle(initializers[$"{tensor}/scale"].RawData.Span);

        Assert.Equal(Scale("sum"), Scale("padded"));
        Assert.Equal(Scale("sum"), Scale("pooled"));
        Assert.Equal(0, initializers["sum/zero_point"].RawData[0]);
    }

    [Fact]
    public void ONNX_Runtime_fuses_every_quantized_convolution_and_add_of_the_uint8_graph()
    {
        var counts = OptimizedGraph.OperatorCounts(Quantized(ActivationType.U8));

        Assert.Equal(3, counts.GetValueOrDefault("QLinearConv"));
        Assert.Equal(1, counts.GetValueOrDefault("QLinearAdd"));
        Assert.False(counts.ContainsKey("Conv") || counts.ContainsKey("Add"), string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
    }

    [Fact]
    public void With_int8_activations_ONNX_Runtime_leaves_convolutions_unfused_which_is_why_uint8_is_the_default()
    {
        // Measured with ONNX Runtime 1.31 on x86-64: on ResNet-50, 20 of 53 convolutions stay float Conv between
        // DequantizeLinear and QuantizeLinear, and the s8s8 model runs slower than the float one.
        var counts = OptimizedGraph.OperatorCounts(Quantized(ActivationType.S8));

        Assert.True(counts.GetValueOrDefault("Conv") > 0, string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
    }

    [Fact]
    public void The_int8_graph_computes_the_float_graphs_features_to_within_a_few_quantization_steps()
    {
        var images = TinyConvNet.Images(8, seed: 99);
        var expected = Features(Float, images, 8);
        var actual = Features(Quantized(ActivationType.U8), images, 8);

        var range = expected.Max() - expected.Min();
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        // 256 levels per tensor through three requantized layers: a few steps of error, far below 5% of the range.
        Assert.InRange(worst, 0, 0.05 * range);
        Assert.NotEqual(expected, actual);
    }

    private static byte[] Quantized(ActivationType type)
    {
        var quantizer = QdqQuantizer.Load(Float);
        using var session = new InferenceSession(quantizer.CalibrationModel());
        var collectors = quantizer.CalibratedTensors.ToDictionary(t => t, _ => new RangeCollector(CalibrationMethod.MinMax));
        using var results = session.Run([Input(TinyConvNet.Images(CalibrationCount, seed: 5), CalibrationCount)], [.. collectors.Keys]);
        foreach (var result in results)
        {
            collectors[result.Name].Add(((DenseTensor<float>)result.AsTensor<float>()).Buffer.Span);
        }

        return quantizer.Quantize(collectors.ToDictionary(c => c.Key, c => c.Value.Range()), type);
    }

    private static float[] Features(byte[] onnx, float[] images, int count)
    {
        using var session = new InferenceSession(onnx);
        using var results = session.Run([Input(images, count)]);
        return [.. results.Single().AsTensor<float>()];
    }

    private static NamedOnnxValue Input(float[] images, int count) =>
        NamedOnnxValue.CreateFromTensor("image", new DenseTensor<float>(images, [count, TinyConvNet.Channels, TinyConvNet.Side, TinyConvNet.Side]));
}
