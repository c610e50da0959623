using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// Rebuilds a model zip's ML.NET pipeline around another backbone: the featurizer comes from
/// <see cref="FeaturizerFactory"/> as in <c>train</c>, and everything after the backbone (the zip's own fitted
/// head, unchanged) is carried over as it is.
/// </summary>
internal static class QuantizedPipeline
{
    /// <exception cref="MlPipelineException">The model is not a featurizer with one ONNX backbone followed by a head.</exception>
    public static ITransformer WithBackbone(LoadedModel model, ResolvedBackbone backbone)
    {
        // train saves featurizer.Append(head): a chain whose first stage is the featurizer chain holding the backbone.
        var stages = model.Model is IEnumerable<ITransformer> chain ? chain.ToList() : [model.Model];
        var backboneStage = stages.FindIndex(s => OnnxStages(s) > 0);
        if (backboneStage < 0 || stages.Sum(OnnxStages) != 1 || backboneStage == stages.Count - 1)
        {
            throw new MlPipelineException(ExitCode.ModelError, "The model is not an image featurizer with one ONNX backbone followed by a classifier head.");
        }

        stages[backboneStage] = FeaturizerFactory.Fit(model.MLContext, backbone);
        return new TransformerChain<ITransformer>([.. stages]);
    }

    private static int OnnxStages(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.Sum(OnnxStages) : transformer is OnnxTransformer ? 1 : 0;
}
