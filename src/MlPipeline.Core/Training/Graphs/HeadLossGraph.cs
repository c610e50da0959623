using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>
/// The new head (a dense layer on the pooled features) and the softmax cross-entropy loss with label smoothing,
/// forward and backward, written into a training or evaluation graph.
/// </summary>
internal static class HeadLossGraph
{
    /// <summary>Writes logits = features x W + b, the loss, and the outputs "logits" and "loss".</summary>
    /// <returns>The names of the smoothed targets q [N, C] and of log-softmax [N, C], which the backward reuses.</returns>
    public static (string Targets, string LogProbabilities) WriteForward(TrainingGraphWriter writer, string features, int classCount, float labelSmoothing)
    {
        writer.AddNode("Gemm", [features, TrainingGraphNames.HeadWeight, TrainingGraphNames.HeadBias], TrainingGraphNames.Logits);
        var logProbabilities = writer.AddNode("LogSoftmax", [TrainingGraphNames.Logits], "loss/log_softmax", OnnxGraphBuilder.Int("axis", 1));

        // q = (1 - e) one_hot + e / C, as PyTorch's and Keras' label smoothing define it.
        var off = labelSmoothing / classCount;
        var targets = writer.Graph.AddInitializer("loss/one_hot_values", [2], [off, 1f - labelSmoothing + off]);
        var q = writer.AddNode("OneHot", [TrainingGraphNames.Labels, writer.Int64s(classCount), targets], "loss/targets", OnnxGraphBuilder.Int("axis", -1));
        var perImage = writer.AddNode(
            "ReduceSum",
            [writer.AddNode("Mul", [q, logProbabilities], "loss/weighted"), writer.Int64s(1)],
            "loss/per_image",
            OnnxGraphBuilder.Int("keepdims", 0));
        var mean = writer.AddNode("ReduceMean", [perImage], "loss/mean", OnnxGraphBuilder.Int("keepdims", 0));
        writer.AddNode("Neg", [mean], TrainingGraphNames.Loss);
        return (q, logProbabilities);
    }

    /// <summary>
    /// Writes the head's parameter gradients (dlogits = (softmax - q) / N, the batch mean's derivative) and returns
    /// the gradient of the features.
    /// </summary>
    public static string WriteBackward(TrainingGraphWriter writer, string features, (string Targets, string LogProbabilities) forward)
    {
        var batch = writer.AddNode("Shape", [TrainingGraphNames.Labels], "grad.logits/batch");
        var batchSize = writer.AddNode("Cast", [batch], "grad.logits/batch_size", OnnxGraphBuilder.Int("to", (long)TensorProto.Types.DataType.Float));
        var softmax = writer.AddNode("Exp", [forward.LogProbabilities], "grad.logits/softmax");
        var difference = writer.AddNode("Sub", [softmax, forward.Targets], "grad.logits/difference");
        var logits = writer.AddNode("Div", [difference, batchSize], "grad.logits");

        writer.AddNode("Gemm", [features, logits], TrainingGraphNames.GradientPrefix + TrainingGraphNames.HeadWeight, OnnxGraphBuilder.Int("transA", 1));
        writer.AddNode("ReduceSum", [logits, writer.Int64s(0)], TrainingGraphNames.GradientPrefix + TrainingGraphNames.HeadBias, OnnxGraphBuilder.Int("keepdims", 0));
        return writer.AddNode("Gemm", [logits, TrainingGraphNames.HeadWeight], "grad.features/head", OnnxGraphBuilder.Int("transB", 1));
    }
}
