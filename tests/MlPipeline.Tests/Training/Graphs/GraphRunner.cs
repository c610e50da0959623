using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Tests.Training.Graphs;

/// <summary>Runs a training, evaluation or frozen graph in ONNX Runtime on named float inputs (plus int64 labels).</summary>
internal sealed class GraphRunner(byte[] model) : IDisposable
{
    private readonly InferenceSession session = new(model);

    public Dictionary<string, float[]> Run(IReadOnlyDictionary<string, (float[] Data, int[] Shape)> inputs, long[]? labels = null)
    {
        List<NamedOnnxValue> values = [.. inputs.Select(input => NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<float>(input.Value.Data, input.Value.Shape)))];
        if (labels is not null)
        {
            values.Add(NamedOnnxValue.CreateFromTensor(TrainingGraphNames.Labels, new DenseTensor<long>(labels, [labels.Length])));
        }

        using var results = session.Run(values);
        return results.ToDictionary(result => result.Name, result => result.AsTensor<float>().ToArray());
    }

    /// <summary>Runs a training or evaluation graph on an activation batch with every parameter at the given values.</summary>
    public Dictionary<string, float[]> Step(FineTuneGraphs graphs, float[] activation, long[] labels, IReadOnlyDictionary<string, float[]>? values = null)
    {
        var inputs = graphs.Parameters.ToDictionary(parameter => parameter.Name, parameter => (values?.GetValueOrDefault(parameter.Name) ?? parameter.Initial, parameter.Shape));
        inputs[TrainingGraphNames.Activation] = (activation, [labels.Length, .. graphs.ActivationShape]);
        return Run(inputs, labels);
    }

    public void Dispose() => session.Dispose();
}
