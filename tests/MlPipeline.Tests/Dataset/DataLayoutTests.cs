using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.Sources;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 20: split roots are read as splits, never as classes, and ambiguous ones are refused with a hint.</summary>
public sealed class DataLayoutTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_root_with_train_valid_and_test_is_read_as_its_splits()
    {
        Generate("train", "valid", "test");

        var sources = TrainingSources.Resolve(DataSource.FromFolder(_root.Path), validationData: null);

        Assert.Equal(_root.File("train"), sources.Train.Root);
        Assert.Equal(_root.File("valid"), sources.Validation!.Root);
        Assert.Equal(_root.File("test"), sources.Splits!.Test);
        Assert.Equal(["circle", "square"], sources.Train.Classes);
        Assert.Contains($"evaluate --model MODEL --data {_root.File("test")}", sources.TestHint(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_with_train_and_test_trains_on_train_with_a_hold_out()
    {
        Generate("train", "test");

        var sources = TrainingSources.Resolve(DataSource.FromFolder(_root.Path), validationData: null);

        Assert.Equal(_root.File("train"), sources.Train.Root);
        Assert.Null(sources.Validation);
        Assert.DoesNotContain(sources.Images, i => i.Path.StartsWith(_root.File("test"), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("train,circle", "mixes split folders")]
    [InlineData("valid,test", "no train/ folder")]
    [InlineData("train,val,valid", "several validation folders")]
    public void An_ambiguous_split_root_is_refused_with_exit_3_and_the_data_to_pass(string folders, string message)
    {
        Generate(folders.Split(','));

        var e = Assert.Throws<MlPipelineException>(() => TrainingSources.Resolve(DataSource.FromFolder(_root.Path), validationData: null));

        Assert.Equal(ExitCode.DataError, e.ExitCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Train_and_valid_with_different_classes_are_refused_naming_the_difference()
    {
        Generate("train");
        SyntheticDataset.Generate(_root.File("valid"), new SyntheticDatasetSpec { ClassNames = ["circle", "triangle"], ImagesPerClass = 1 });

        var e = Assert.Throws<MlPipelineException>(() => TrainingSources.Resolve(DataSource.FromFolder(_root.Path), validationData: null));

        Assert.Equal(ExitCode.DataError, e.ExitCode);
        Assert.Contains("only in train/: square; only in valid/: triangle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_other_verb_refuses_a_split_root_and_names_the_split_to_pass()
    {
        Generate("train", "test");

        var e = Assert.Throws<MlPipelineException>(() => DatasetScanner.Scan(_root.Path));

        Assert.Equal(ExitCode.DataError, e.ExitCode);
        Assert.Contains($"such as {_root.File("test")}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_fraction_beside_a_validation_folder_is_a_usage_error()
    {
        Generate("train", "valid");

        var run = await CliHarness.RunAsync(
            "train", "--data", _root.File("train"), "--validation-data", _root.File("valid"), "--validation-fraction", "0.3", "--output", _root.File("m.zip"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "--validation-fraction and --validation-data exclude each other");
    }

    private void Generate(params string[] splits)
    {
        foreach (var split in splits)
        {
            SyntheticDataset.Generate(_root.File(split), new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 1 });
        }
    }
}
