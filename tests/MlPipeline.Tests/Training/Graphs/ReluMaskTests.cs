using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>
/// The ReLU backward mask at its edges, which PyTorch fixtures on ordinary values never reach: a positive output
/// passes the whole gradient however small it is (down to the smallest subnormal), and an output of exactly zero
/// passes none (relu'(0) = 0, as in PyTorch).
/// </summary>
public sealed class ReluMaskTests
{
    [Theory]
    [InlineData(float.Epsilon, -1.0)]
    [InlineData(0.0f, 0.0)]
    public void The_mask_is_exactly_one_for_any_positive_output_and_zero_at_zero(float output, double expectedBiasGradient)
    {
        // conv (weight 0, bias = the ReLU's output) -> relu -> global average pool -> head [1, -1], bias 0, label 0.
        // With the feature near 0 both logits are 0, softmax is [0.5, 0.5], dlogits = [-0.5, 0.5], so the feature's
        // gradient is -0.5 * 1 + 0.5 * -1 = -1, and the bias gets it times the mask.
        TinyLayer[] layers =
        [
            new("conv", "c", ["image"], Kernel: 1, Pads: [0, 0, 0, 0], Weight: [0.0], Bias: [output]),
            new("relu", "r", ["c"]),
            new("gap", "g", ["r"]),
        ];
        var graphs = FineTuneGraphBuilder.BuildFrom(TinyNetwork.ToOnnx([1, 1, 1], layers), "image", [1f, -1f], [0f, 0f], 2, 0f);
        using var training = new GraphRunner(graphs.TrainingModel);

        var outputs = training.Step(graphs, [1f], [0]);

        Assert.Equal(expectedBiasGradient, outputs[TrainingGraphNames.GradientPrefix + "c/bias"].Single(), 6);
    }
}
