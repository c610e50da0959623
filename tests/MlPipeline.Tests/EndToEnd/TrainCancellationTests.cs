using MlPipeline.Core.Backbones;
using MlPipeline.Core.Reporting;
using MlPipeline.Core.Training;
using MlPipeline.Core.Training.FineTuning;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class TrainCancellationTests(ResNet50Fixture resnet) : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Cancelling_mid_featurization_stops_and_leaves_no_model_or_temporary_file()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ImagesPerClass = 6 });
        Directory.CreateDirectory(_root.File("out"));
        using var cts = new CancellationTokenSource();
        var observer = new CancelOnFirstImage(cts);
        var options = Options(FineTuneSettings.Default with { Unfreeze = UnfreezeMode.None });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainRunner(observer).RunAsync(options, cts.Token));

        Assert.True(observer.Advanced < 18, $"featurization should stop early, saw {observer.Advanced} of 18 images");
        Assert.Empty(Directory.GetFileSystemEntries(_root.File("out")));
    }

    [Fact]
    public async Task Cancelling_mid_epoch_stops_fine_tuning_and_leaves_no_model_or_temporary_file()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ImagesPerClass = 6 });
        Directory.CreateDirectory(_root.File("out"));
        var temporaryBackbones = Directory.GetFiles(Path.GetTempPath(), "mlpipeline-finetuned-*").Length;
        using var cts = new CancellationTokenSource();
        var observer = new CancelOnFirstImage(cts, onlyDuring: "Epoch");
        var options = Options(FineTuneSettings.Default with { Epochs = 3, BatchSize = 4 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainRunner(observer).RunAsync(options, cts.Token));

        Assert.InRange(observer.Advanced, 1, 14);
        Assert.Empty(Directory.GetFileSystemEntries(_root.File("out")));
        Assert.Equal(temporaryBackbones, Directory.GetFiles(Path.GetTempPath(), "mlpipeline-finetuned-*").Length);
    }

    [Fact]
    public async Task Cancelling_during_the_head_refit_removes_the_temporary_fine_tuned_backbone()
    {
        SyntheticDataset.Generate(_root.File("data"), new SyntheticDatasetSpec { ImagesPerClass = 6 });
        Directory.CreateDirectory(_root.File("out"));
        using var cts = new CancellationTokenSource();
        var observer = new CancelOnRefit(cts);
        // Nothing held out: the last epoch is then kept, so the refit surely runs (a held-out split may keep the probe).
        var options = Options(FineTuneSettings.Default with { Epochs = 1, BatchSize = 4 }, validationFraction: 0);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainRunner(observer).RunAsync(options, cts.Token));

        Assert.NotEmpty(observer.TemporaryBackbones);
        Assert.All(observer.TemporaryBackbones, path => Assert.False(File.Exists(path), $"{path} was left behind"));
        Assert.Empty(Directory.GetFileSystemEntries(_root.File("out")));
    }

    private TrainOptions Options(FineTuneSettings fineTune, double validationFraction = 0.2) =>
        new(_root.File("data"), _root.File("out/model.zip"), "resnet50", validationFraction, 42, resnet.CacheDirectory, fineTune);

    private sealed class CancelOnFirstImage(CancellationTokenSource cts, string onlyDuring = "") : IRunObserver
    {
        public int Advanced { get; private set; }

        public void Info(string message)
        {
        }

        public void Warn(string message)
        {
        }

        public T Track<T>(string description, int total, Func<Action<int>, T> work) => work(n =>
        {
            if (description.StartsWith(onlyDuring, StringComparison.Ordinal))
            {
                Advanced += n;
                cts.Cancel();
            }
        });
    }

    // Cancels when the refit announces itself: the fine-tuned backbone has just been written, and none of the refit has run.
    private sealed class CancelOnRefit(CancellationTokenSource cts) : IRunObserver
    {
        public IReadOnlyList<string> TemporaryBackbones { get; private set; } = [];

        public void Info(string message)
        {
            if (message.Contains("with the fine-tuned backbone", StringComparison.Ordinal))
            {
                TemporaryBackbones = Directory.GetFiles(Path.GetTempPath(), $"mlpipeline-finetuned-{Environment.ProcessId}-*.onnx");
                cts.Cancel();
            }
        }

        public void Warn(string message)
        {
        }

        public T Track<T>(string description, int total, Func<Action<int>, T> work) => work(_ => { });
    }
}
