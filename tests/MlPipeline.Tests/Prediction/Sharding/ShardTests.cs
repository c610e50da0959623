using MlPipeline.Core;
using MlPipeline.Core.Prediction.Sharding;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Prediction.Sharding;

/// <summary>The shard partition and the --shard option, without a model.</summary>
public sealed class ShardTests
{
    public static TheoryData<string, int, int, int> Golden()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (var c in ComparisonGolden.Root.GetProperty("shards").EnumerateArray())
        {
            data.Add(c.GetProperty("path").GetString()!, c.GetProperty("shardOf3").GetInt32(), c.GetProperty("shardOf16").GetInt32(), c.GetProperty("shardOf1000").GetInt32());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void A_path_lands_in_the_shard_python_hashlib_computes(string path, int of3, int of16, int of1000)
    {
        Assert.Equal(of3, Shard.Of(path, 3));
        Assert.Equal(of16, Shard.Of(path, 16));
        Assert.Equal(of1000, Shard.Of(path, 1000));
    }

    [Fact]
    public void Shards_are_disjoint_and_together_cover_every_input_in_order()
    {
        List<PredictionInput> inputs = [.. Enumerable.Range(0, 500).Select(i => new PredictionInput($"/data/{i}.png", $"class{i % 7}/{i}.png"))];

        var parts = Enumerable.Range(0, 16).Select(k => new Shard(k, 16).Select(inputs)).ToList();

        Assert.Equal(inputs.Count, parts.Sum(p => p.Count));
        Assert.Equal(inputs.Select(i => i.RelativePath).Order(StringComparer.Ordinal), parts.SelectMany(p => p).Select(i => i.RelativePath).Order(StringComparer.Ordinal));
        Assert.All(parts, p => Assert.Equal(p.Select(i => i.RelativePath), inputs.Where(p.Contains).Select(i => i.RelativePath)));
        Assert.All(parts, p => Assert.InRange(p.Count, 10, 60)); // the hash spreads 500 paths roughly evenly (31 each)
    }

    [Fact]
    public void An_explicit_index_is_taken_as_given()
    {
        Assert.Equal(new Shard(3, 16), ShardOption.Parse("3/16", null, _ => null));
        Assert.Null(ShardOption.Parse(null, null, _ => null));
    }

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX", null)]
    [InlineData("SLURM_ARRAY_TASK_ID", null)]
    [InlineData("MATRIX_SHARD", "MATRIX_SHARD")]
    public void Auto_reads_the_index_from_the_environment(string variable, string? named)
    {
        var environment = new Dictionary<string, string> { [variable] = "5" };

        var shard = ShardOption.Parse("auto/8", named, n => environment.GetValueOrDefault(n));

        Assert.Equal(new Shard(5, 8), shard);
    }

    [Fact]
    public void Kubernetes_wins_over_slurm_and_a_named_variable_is_the_only_one_read()
    {
        var environment = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1", ["SLURM_ARRAY_TASK_ID"] = "2" };

        Assert.Equal(1, ShardOption.Parse("auto/4", null, n => environment.GetValueOrDefault(n))!.Index);
        var error = Assert.Throws<MlPipelineException>(() => ShardOption.Parse("auto/4", "CI_INDEX", n => environment.GetValueOrDefault(n)));
        Assert.Contains("CI_INDEX", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16/16", null)]
    [InlineData("-1/4", null)]
    [InlineData("3", null)]
    [InlineData("3/0", null)]
    [InlineData("a/4", null)]
    [InlineData("auto/4", null)]
    [InlineData("2/4", "CI_INDEX")]
    public void Bad_values_are_usage_errors(string text, string? named)
    {
        var error = Assert.Throws<MlPipelineException>(() => ShardOption.Parse(text, named, _ => null));

        Assert.Equal(ExitCode.UsageError, error.ExitCode);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_index_variable_without_shard_is_a_usage_error()
    {
        Assert.Equal(ExitCode.UsageError, Assert.Throws<MlPipelineException>(() => ShardOption.Parse(null, "CI_INDEX", _ => "1")).ExitCode);
    }
}
