using System.Text.Json;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Tests.Quantization;

/// <summary>
/// The quantization arithmetic against golden numbers computed by numpy from ONNX Runtime's formulas
/// (Fixtures/quantization/make-golden.py writes golden.json).
/// </summary>
public sealed class QuantizationMathTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "quantization", "golden.json"))).RootElement;

    [Fact]
    public void Weights_get_one_symmetric_scale_per_output_channel()
    {
        var golden = Golden.GetProperty("weights");
        var weights = Floats(golden.GetProperty("values"));

        var (values, scales) = QuantizationMath.WeightsPerChannel(weights, channels: 3);

        Assert.Equal(Floats(golden.GetProperty("scales")), scales);
        Assert.Equal(golden.GetProperty("quantized").EnumerateArray().Select(v => (sbyte)v.GetInt32()), values);
        // The extreme of each channel lands on ±127: the whole int8 range is used, and -128 never is.
        Assert.Equal(3, Enumerable.Range(0, 3).Count(c => values.Skip(c * 8).Take(8).Max(v => Math.Abs((int)v)) == 127));
    }

    [Theory]
    [InlineData(ActivationType.U8, "activationsU8")]
    [InlineData(ActivationType.S8, "activationsS8")]
    public void Activation_scale_and_zero_point_match_numpy(ActivationType type, string property)
    {
        foreach (var golden in Golden.GetProperty(property).EnumerateArray())
        {
            var range = Floats(golden.GetProperty("range"));

            var parameters = QuantizationMath.Activation(range[0], range[1], type);

            Assert.Equal(golden.GetProperty("scale").GetSingle(), parameters.Scale);
            Assert.Equal(golden.GetProperty("zeroPoint").GetInt32(), parameters.ZeroPoint);
        }
    }

    [Fact]
    public void Zero_is_exactly_representable_so_relu_and_zero_padding_stay_exact()
    {
        var relu = QuantizationMath.Activation(0, 6, ActivationType.U8);
        var signedRelu = QuantizationMath.Activation(0, 6, ActivationType.S8);
        var allNegative = QuantizationMath.Activation(-2, -0.5f, ActivationType.U8);

        Assert.Equal(0, relu.ZeroPoint);
        Assert.Equal(-128, signedRelu.ZeroPoint);
        Assert.Equal(255, allNegative.ZeroPoint);
    }

    [Fact]
    public void Bias_is_int32_at_input_scale_times_weight_scale()
    {
        var golden = Golden.GetProperty("bias");
        var weightScales = Floats(Golden.GetProperty("weights").GetProperty("scales"));

        var (values, scales) = QuantizationMath.Bias(Floats(golden.GetProperty("values")), golden.GetProperty("inputScale").GetSingle(), weightScales);

        Assert.Equal(Floats(golden.GetProperty("scales")), scales);
        Assert.Equal(golden.GetProperty("quantized").EnumerateArray().Select(v => v.GetInt32()), values);
    }

    [Fact]
    public void An_all_zero_channel_gets_scale_one_instead_of_dividing_by_zero()
    {
        var (values, scales) = QuantizationMath.WeightsPerChannel([0f, 0f, 0.5f, -2f], channels: 2);

        Assert.Equal([1f, 2f / 127f], scales);
        Assert.Equal(new sbyte[] { 0, 0, 32, -127 }, values);
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetSingle())];
}
