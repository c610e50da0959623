using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Scoring;
using MlPipeline.Core.Training.Graphs;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// The ONNX Runtime sessions of one fine-tuning run: frozen part, training graph and evaluation graph. Parameters
/// are bound as tensors over the optimizer's own arrays, so no step copies them.
/// </summary>
internal sealed class TrainingSessions : IDisposable
{
    private readonly SessionOptions options;
    private readonly ScoringEngine? frozen;
    private readonly InferenceSession training;
    private readonly InferenceSession evaluation;
    private readonly string[] trainingOutputs;
    private readonly RunOptions run = new();

    public TrainingSessions(FineTuneGraphs graphs, BackboneArchitecture spec)
    {
        // Sequential execution with intra-op threads on every core: the graphs are one long chain of big kernels,
        // so parallelism inside each kernel is what pays (scripts/benchmark-training-step.cs). No memory pattern:
        // with one, ONNX Runtime's second run of the all-layers graph took twice as long as the rest (it lays out
        // one block for the whole run), while the arena alone is as fast from the second run on.
        options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Environment.ProcessorCount,
            EnableMemoryPattern = false,
        };
        // The frozen part is inference, so it runs on the engine every verb scores with.
        frozen = graphs.FrozenModel is null
            ? null
            : new ScoringEngine(ScoringModel.ForGraph(graphs.FrozenModel, TrainingGraphNames.Activation, spec.InputWidth, spec.InputHeight));
        training = new InferenceSession(graphs.TrainingModel, options);
        evaluation = new InferenceSession(graphs.EvaluationModel, options);
        trainingOutputs = [TrainingGraphNames.Loss, TrainingGraphNames.Logits, .. graphs.Parameters.Select(p => p.GradientName)];
    }

    public bool HasFrozenPart => frozen is not null;

    /// <summary>Runs the frozen layers on a batch of images (float RGB planes, 0-255).</summary>
    public float[] Freeze(float[] images, int count) => frozen!.Run(images, count);

    /// <summary>One training step's forward and backward: outputs are loss, logits, then each parameter's gradient.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Train(float[] activation, int[] shape, long[] labels, float[][] values, IReadOnlyList<TrainableParameter> parameters) =>
        Run(training, trainingOutputs, activation, shape, labels, values, parameters);

    /// <summary>The forward alone: outputs are loss and logits.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Evaluate(float[] activation, int[] shape, long[] labels, float[][] values, IReadOnlyList<TrainableParameter> parameters) =>
        Run(evaluation, [TrainingGraphNames.Loss, TrainingGraphNames.Logits], activation, shape, labels, values, parameters);

    public void Dispose()
    {
        frozen?.Dispose();
        training.Dispose();
        evaluation.Dispose();
        run.Dispose();
        options.Dispose();
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(
        InferenceSession session, string[] outputs, float[] activation, int[] shape, long[] labels, float[][] values, IReadOnlyList<TrainableParameter> parameters)
    {
        var inputs = new List<OrtValue>(parameters.Count + 2);
        try
        {
            inputs.Add(OrtValue.CreateTensorValueFromMemory(activation, [labels.Length, .. shape.Select(d => (long)d)]));
            inputs.Add(OrtValue.CreateTensorValueFromMemory(labels, [labels.Length]));
            inputs.AddRange(parameters.Select((p, i) => OrtValue.CreateTensorValueFromMemory(values[i], [.. p.Shape.Select(d => (long)d)])));
            string[] names = [TrainingGraphNames.Activation, TrainingGraphNames.Labels, .. parameters.Select(p => p.Name)];
            return session.Run(run, names, inputs, outputs);
        }
        finally
        {
            inputs.ForEach(input => input.Dispose());
        }
    }
}
