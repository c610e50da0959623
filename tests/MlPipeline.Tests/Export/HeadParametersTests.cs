using Microsoft.ML;
using MlPipeline.Core;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Tests.Export;

public sealed class HeadParametersTests
{
    private static readonly TinyHead Head = new();

    [Fact]
    public void Softmax_of_weights_times_x_minus_offset_times_scale_plus_biases_is_what_MLNET_scores()
    {
        var head = HeadParameters.From(Head.Model);

        Assert.Equal(3, head.FeatureSize);
        Assert.Equal(3, head.ClassCount);
        Assert.Contains(head.Offset, o => o != 0);
        float[][] probes = [[200, 70, 40], [50, 190, 60], [45, 65, 170], [120, 120, 120]];
        foreach (var features in probes)
        {
            var expected = Head.Score(features);
            var actual = HeadMath.Probabilities(head, features);
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
        }
    }

    [Fact]
    public void A_chain_without_the_head_is_refused_as_a_model_error()
    {
        var normalizerOnly = Head.MLContext.Transforms.NormalizeMinMax("features")
            .Fit(Head.MLContext.Data.LoadFromEnumerable<TinyHead.Row>([new TinyHead.Row { Features = [1, 2, 3] }]));

        var error = Assert.Throws<MlPipelineException>(() => HeadParameters.From(normalizerOnly));

        Assert.Equal(ExitCode.ModelError, error.ExitCode);
    }
}
