using MlPipeline.Core;
using MlPipeline.Core.Quantization;
using MlPipeline.Core.Training.Graphs;
using MlPipeline.Tests.Quantization;

namespace MlPipeline.Tests.Training.Graphs;

public sealed class QuantizedBackboneTests
{
    [Fact]
    public void Fine_tuning_an_int8_backbone_is_a_backbone_error_that_says_quantized_models_cannot_be_fine_tuned()
    {
        var quantizer = QdqQuantizer.Load(TinyConvNet.Build());
        var int8 = quantizer.Quantize(quantizer.CalibratedTensors.ToDictionary(t => t, _ => (-1f, 1f)), ActivationType.U8);

        var error = Assert.Throws<MlPipelineException>(() => ForwardGraph.Parse(int8));

        Assert.Equal(ExitCode.BackboneError, error.ExitCode);
        Assert.Contains("quantized models cannot be fine-tuned", error.Message, StringComparison.Ordinal);
    }
}
