// Measures the fine-tuning training step on ONNX Runtime: images/s of the graphs FineTuneGraphBuilder makes, for
// the last stage (training graph alone, as when frozen activations are cached; and frozen forward + training graph,
// as with augmentation) and for all layers, per batch size and session option set. Peak RSS at the end.
// Decoding, augmentation and the optimizer are not included (the loop's own benchmark has them).
//
// Usage: dotnet run -c Release scripts/benchmark-training-step.cs -- [steps] [batch sizes, e.g. 16,32] [modes: last-stage,all] [option sets: all,extended,basic,all-mempattern,profile]
// "profile" is "all" with ONNX Runtime's profiler on; it prints the training graph's time per op kind and its slowest nodes.
#:project ../src/MlPipeline.Core/MlPipeline.Core.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Training.Graphs;

var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var batches = (args.Length > 1 ? args[1] : "16,32").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
var modes = (args.Length > 2 ? args[2] : "last-stage,all").Split(',');
var optionSets = (args.Length > 3 ? args[3] : "all").Split(',');
const int Threads = 2;
const int Classes = 10;

var backbone = await new BackboneProvider(BackboneCache.DefaultDirectory(), SilentObserver.Instance).ResolveAsync("resnet50", CancellationToken.None);
var onnx = File.ReadAllBytes(backbone.OnnxPath);
var random = new Random(1);
var headWeight = Enumerable.Range(0, 2048 * Classes).Select(_ => (float)((random.NextDouble() - 0.5) * 0.02)).ToArray();
var headBias = new float[Classes];
Console.WriteLine($"machine: {Environment.ProcessorCount} cores; ORT intra-op threads {Threads}; {steps} timed steps after 2 warm-ups");
Console.WriteLine($"{"mode",-28} {"options",-18} {"batch",5} {"s/step",8} {"images/s",9}");

foreach (var modeName in modes)
{
    var mode = modeName == "all" ? UnfreezeMode.All : UnfreezeMode.LastStage;
    var build = Stopwatch.StartNew();
    var graphs = FineTuneGraphBuilder.Build(onnx, mode, headWeight, headBias, Classes, 0.1f);
    Console.WriteLine($"# {modeName}: graphs built in {build.Elapsed.TotalSeconds:F1} s, {graphs.Parameters.Count} parameter tensors, {graphs.Parameters.Sum(p => (long)p.Initial.Length):N0} values; training graph {graphs.TrainingModel.Length / 1e6:F1} MB");
    foreach (var optionSet in optionSets)
    {
        using var options = Options(optionSet);
        using var training = new InferenceSession(graphs.TrainingModel, options);
        // Only the training graph is profiled (a profiled session writes its file when it ends).
        using var frozenOptions = Options(optionSet == "profile" ? "all" : optionSet);
        using var frozen = graphs.FrozenModel is null ? null : new InferenceSession(graphs.FrozenModel, frozenOptions);
        foreach (var batch in batches)
        {
            var images = Enumerable.Range(0, batch * 3 * 224 * 224).Select(i => (float)(127.5 + (127.5 * Math.Sin(i * 0.013)))).ToArray();
            var labels = Enumerable.Range(0, batch).Select(i => (long)(i % Classes)).ToArray();
            var activation = frozen is null ? images : Forward(frozen, images, batch);
            if (frozen is not null)
            {
                Report($"{modeName} (cached activations)", optionSet, batch, Time(steps, () => Step(training, graphs, activation, labels)));
                Report($"{modeName} (frozen + training)", optionSet, batch, Time(steps, () => Step(training, graphs, Forward(frozen, images, batch), labels)));
                Report($"{modeName} (frozen forward only)", optionSet, batch, Time(steps, () => Forward(frozen, images, batch)));
            }
            else
            {
                Report(modeName, optionSet, batch, Time(steps, () => Step(training, graphs, activation, labels)));
            }
        }

        if (optionSet == "profile")
        {
            Summarize(training.EndProfiling());
        }
    }
}

Console.WriteLine($"peak RSS: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");

static SessionOptions Options(string name)
{
    var options = new SessionOptions { IntraOpNumThreads = Threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
    options.GraphOptimizationLevel = name switch
    {
        "all" or "all-mempattern" or "profile" => GraphOptimizationLevel.ORT_ENABLE_ALL,
        "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        _ => throw new ArgumentException($"unknown option set {name}"),
    };
    // As TrainingSessions: no memory pattern unless asked for.
    options.EnableMemoryPattern = name == "all-mempattern";
    if (name == "profile")
    {
        options.EnableProfiling = true;
        options.ProfileOutputPathPrefix = Path.Combine(Path.GetTempPath(), "mlpipeline-training-step");
    }

    return options;
}

static float[] Forward(InferenceSession frozen, float[] images, int batch)
{
    using var input = OrtValue.CreateTensorValueFromMemory(images, [batch, 3, 224, 224]);
    using var outputs = frozen.Run(new RunOptions(), [BackboneGraph.Input], [input], [TrainingGraphNames.Activation]);
    return outputs[0].GetTensorDataAsSpan<float>().ToArray();
}

static float Step(InferenceSession training, FineTuneGraphs graphs, float[] activation, long[] labels)
{
    var batch = labels.Length;
    var inputs = new List<OrtValue>
    {
        OrtValue.CreateTensorValueFromMemory(activation, [batch, .. graphs.ActivationShape.Select(d => (long)d)]),
        OrtValue.CreateTensorValueFromMemory(labels, [batch]),
    };
    inputs.AddRange(graphs.Parameters.Select(p => OrtValue.CreateTensorValueFromMemory(p.Initial, [.. p.Shape.Select(d => (long)d)])));
    string[] names = [TrainingGraphNames.Activation, TrainingGraphNames.Labels, .. graphs.Parameters.Select(p => p.Name)];
    string[] outputNames = [TrainingGraphNames.Loss, .. graphs.Parameters.Select(p => p.GradientName)];
    try
    {
        using var outputs = training.Run(new RunOptions(), names, inputs, outputNames);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }
    finally
    {
        inputs.ForEach(value => value.Dispose());
    }
}

// ONNX Runtime's first two runs of a session are slow (it plans and then grows its memory), so two warm-up steps.
static double Time(int steps, Action step)
{
    step();
    step();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < steps; i++)
    {
        step();
    }

    return watch.Elapsed.TotalSeconds / steps;
}

static void Summarize(string profilePath)
{
    using var profile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(profilePath));
    var nodes = profile.RootElement.EnumerateArray()
        .Where(e => e.GetProperty("cat").GetString() == "Node" && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
        .Select(e => (Name: e.GetProperty("name").GetString()!, Op: e.GetProperty("args").GetProperty("op_name").GetString()!, Seconds: e.GetProperty("dur").GetInt64() / 1e6))
        .ToList();
    var total = nodes.Sum(n => n.Seconds);
    var runs = profile.RootElement.EnumerateArray().Where(e => e.GetProperty("name").GetString() == "model_run").Select(e => e.GetProperty("dur").GetInt64() / 1e6).ToList();
    Console.WriteLine($"# {runs.Count} runs: {string.Join(", ", runs.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} s each; kernels {total / Math.Max(1, runs.Count):F2} s per run");
    Console.WriteLine($"# profile {profilePath}: {total:F2} s in kernels, all runs");
    foreach (var op in nodes.GroupBy(n => n.Op).OrderByDescending(g => g.Sum(n => n.Seconds)).Take(12))
    {
        Console.WriteLine($"#   {op.Key,-22} {op.Sum(n => n.Seconds) / total,6:P1}");
    }

    // Forward nodes, input-gradient nodes and weight-gradient nodes (grad.<parameter>/...) by op kind.
    static string Phase(string name) => !name.StartsWith("grad.", StringComparison.Ordinal) ? "forward" : name.Split('/').ElementAtOrDefault(1) is "kernel" or "bias" ? "weight grad" : "input grad";
    foreach (var group in nodes.GroupBy(n => (Phase: Phase(n.Name), n.Op)).OrderByDescending(g => g.Sum(n => n.Seconds)).Take(15))
    {
        Console.WriteLine($"#   {group.Key.Phase,-12} {group.Key.Op,-22} {group.Sum(n => n.Seconds) / total,6:P1}");
    }

    foreach (var node in nodes.GroupBy(n => n.Name).OrderByDescending(g => g.Sum(n => n.Seconds)).Take(15))
    {
        Console.WriteLine($"#   {node.Sum(n => n.Seconds) / total,6:P1} {node.Key}");
    }

    File.Delete(profilePath);
}

static void Report(string mode, string options, int batch, double seconds) =>
    Console.WriteLine($"{mode,-28} {options,-18} {batch,5} {seconds,8:F3} {batch / seconds,9:F1}");
