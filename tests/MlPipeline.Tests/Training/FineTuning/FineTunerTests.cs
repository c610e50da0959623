using Microsoft.ML.OnnxRuntime;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Training.FineTuning;
using MlPipeline.Core.Training.Graphs;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using MlPipeline.Tests.Training.Graphs;

namespace MlPipeline.Tests.Training.FineTuning;

/// <summary>The fine-tuning loop on the real ResNet-50 and generated images.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class FineTunerTests(ResNet50Fixture resnet) : IDisposable
{
    private const int Classes = 2;
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Two_epochs_on_generated_images_lower_the_training_loss_of_the_last_stage()
    {
        var (train, reader) = Generate();
        var pretrained = File.ReadAllBytes(resnet.Backbone.OnnxPath);
        // A zero head starts every image at loss ln(2), so the drop is the loop's doing, not the linear probe's.
        float[] weight = new float[resnet.Backbone.Architecture.FeatureSize * Classes];
        float[] bias = new float[Classes];
        var settings = FineTuneSettings.Default with { Epochs = 2, BatchSize = 4, Augment = false };

        var outcome = new FineTuner(SilentObserver.Instance).Run(pretrained, resnet.Backbone.Architecture, weight, bias, Classes, train, [], settings, seed: 7, reader, CancellationToken.None);

        var graphs = FineTuneGraphBuilder.Build(pretrained, UnfreezeMode.LastStage, weight, bias, Classes, FineTuneSettings.LabelSmoothing);
        var before = Loss(graphs, train, reader, values: null);
        var after = Loss(graphs, train, reader, outcome.Parameters);
        Assert.Equal(2, outcome.History.Count);
        Assert.InRange(before, Math.Log(Classes) - 1e-3, Math.Log(Classes) + 1e-3);
        Assert.True(after < before * 0.9, $"training loss should fall: {before:0.0000} before, {after:0.0000} after");
        Assert.True(outcome.History[1].TrainLoss < outcome.History[0].TrainLoss, "the second epoch's training loss should be lower than the first's");
    }

    [Fact]
    public void The_written_backbone_with_the_trained_head_computes_the_training_graphs_forward_pass()
    {
        var (train, reader) = Generate();
        var pretrained = File.ReadAllBytes(resnet.Backbone.OnnxPath);
        var weight = Enumerable.Range(0, resnet.Backbone.Architecture.FeatureSize * Classes).Select(i => MathF.Sin(i) * 0.01f).ToArray();
        var settings = FineTuneSettings.Default with { Epochs = 1, BatchSize = 6 };

        // No validation split, so the last epoch is kept whatever it scores, and a fine-tuned backbone is written.
        var outcome = new FineTuner(SilentObserver.Instance).Run(pretrained, resnet.Backbone.Architecture, weight, new float[Classes], Classes, train, [], settings, seed: 3, reader, CancellationToken.None);

        Assert.NotNull(outcome.Backbone);
        Assert.NotEqual(Sha(pretrained), Sha(outcome.Backbone));
        var graphs = FineTuneGraphBuilder.Build(pretrained, UnfreezeMode.LastStage, weight, new float[Classes], Classes, FineTuneSettings.LabelSmoothing);
        var images = Images([.. train.Take(3)], reader);
        var expected = Logits(graphs, images, 3, outcome.Parameters);
        using var backbone = new InferenceSession(outcome.Backbone);
        using var input = OrtValue.CreateTensorValueFromMemory(images, [3, 3, reader.Height, reader.Width]);
        using var features = backbone.Run(new RunOptions(), [BackboneGraph.Input], [input], [BackboneGraph.Features]);
        var f = features[0].GetTensorDataAsSpan<float>().ToArray();
        var w = outcome.Parameters[TrainingGraphNames.HeadWeight];
        var b = outcome.Parameters[TrainingGraphNames.HeadBias];
        var featureSize = f.Length / 3;
        for (var n = 0; n < 3; n++)
        {
            for (var c = 0; c < Classes; c++)
            {
                var logit = b[c] + Enumerable.Range(0, featureSize).Sum(k => (double)f[(n * featureSize) + k] * w[(k * Classes) + c]);
                Assert.True(Math.Abs(logit - expected[(n * Classes) + c]) <= 1e-3 * Math.Max(1, Math.Abs(logit)), $"image {n} class {c}: {logit} vs {expected[(n * Classes) + c]}");
            }
        }
    }

    private (List<TrainingExample> Train, ImageReader Reader) Generate()
    {
        var root = _root.File("data");
        SyntheticDataset.Generate(root, new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 6, MinSide = 48, MaxSide = 96 });
        var dataset = DatasetScanner.Scan(root);
        var labels = dataset.Classes.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        return ([.. dataset.Images.Select(i => new TrainingExample(i.Path, labels[i.Label]))], new ImageReader(resnet.Backbone.Architecture.InputWidth, resnet.Backbone.Architecture.InputHeight));
    }

    private static float[] Images(List<TrainingExample> examples, ImageReader reader)
    {
        var values = 3 * reader.Width * reader.Height;
        var tensor = new float[examples.Count * values];
        for (var i = 0; i < examples.Count; i++)
        {
            using var image = reader.Read(examples[i].Path).Image;
            Augmentation.Identity.Apply(image.Pixels, reader.Width, reader.Height, tensor.AsSpan(i * values, values));
        }

        return tensor;
    }

    private static float[] Activation(FineTuneGraphs graphs, float[] images, int count, int width, int height)
    {
        using var frozen = new GraphRunner(graphs.FrozenModel!);
        return frozen.Run(new Dictionary<string, (float[], int[])> { [BackboneGraph.Input] = (images, [count, 3, height, width]) })[TrainingGraphNames.Activation];
    }

    private static float[] Logits(FineTuneGraphs graphs, float[] images, int count, IReadOnlyDictionary<string, float[]> values)
    {
        var activation = Activation(graphs, images, count, 224, 224);
        using var evaluation = new GraphRunner(graphs.EvaluationModel);
        return evaluation.Step(graphs, activation, new long[count], values)[TrainingGraphNames.Logits];
    }

    private static double Loss(FineTuneGraphs graphs, List<TrainingExample> train, ImageReader reader, IReadOnlyDictionary<string, float[]>? values)
    {
        var images = Images(train, reader);
        var activation = Activation(graphs, images, train.Count, reader.Width, reader.Height);
        using var evaluation = new GraphRunner(graphs.EvaluationModel);
        return evaluation.Step(graphs, activation, [.. train.Select(e => (long)e.Label)], values)[TrainingGraphNames.Loss][0];
    }

    private static string Sha(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
}
