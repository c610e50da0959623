using MlPipeline.Core;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Core.Prediction.Sharding;

namespace MlPipeline.Tests.Prediction;

public sealed class ResumeCompatibilityTests
{
    private static readonly string[] Classes = ["circle", "square"];

    [Fact]
    public void Rows_of_this_shard_with_this_models_classes_and_unknown_can_be_resumed()
    {
        var shard = new Shard(1, 3);
        var resume = State(PathsOfShard(1, 3, 4), "circle", "square", PredictionRow.UnknownLabel);

        ResumeCompatibility.Ensure("out.csv", resume, shard, "model.zip", Classes);
    }

    [Fact]
    public void A_row_of_another_shard_is_a_usage_error_that_names_its_shard()
    {
        var foreign = PathsOfShard(0, 3, 1)[0];
        var resume = State([.. PathsOfShard(1, 3, 2), foreign], "circle");

        var error = Assert.Throws<MlPipelineException>(() => ResumeCompatibility.Ensure("out.csv", resume, new Shard(1, 3), "model.zip", Classes));

        Assert.Equal(ExitCode.UsageError, error.ExitCode);
        Assert.Contains($"{foreign} belongs to shard 0/3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_shard_rows_of_any_shard_are_this_runs()
    {
        ResumeCompatibility.Ensure("out.csv", State([.. PathsOfShard(0, 3, 2), .. PathsOfShard(2, 3, 2)], "circle"), null, "model.zip", Classes);
    }

    [Fact]
    public void A_row_naming_a_class_the_model_lacks_is_a_usage_error_that_names_the_class()
    {
        var error = Assert.Throws<MlPipelineException>(() => ResumeCompatibility.Ensure("out.csv", State(["a.png"], "circle", "dog"), null, "model.zip", Classes));

        Assert.Equal(ExitCode.UsageError, error.ExitCode);
        Assert.Contains("'dog', which model.zip does not have", error.Message, StringComparison.Ordinal);
    }

    private static ResumeState State(IReadOnlyList<string> paths, params string[] labels) =>
        new(new HashSet<string>(paths, StringComparer.Ordinal), 0, 0, true, new HashSet<string>(labels, StringComparer.Ordinal));

    private static List<string> PathsOfShard(int index, int count, int how) =>
        [.. Enumerable.Range(0, 1000).Select(i => $"img-{i}.png").Where(p => Shard.Of(p, count) == index).Take(how)];
}
