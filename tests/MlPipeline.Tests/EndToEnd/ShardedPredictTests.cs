using MlPipeline.Core;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>predict --shard as batch engines run it: N separate processes, each writing its own file.</summary>
[Trait("Tier", "Slow")]
[Collection(ResNet50Tests.Name)]
public sealed class ShardedPredictTests(TrainedModelFixture trained) : IDisposable
{
    private const int Shards = 3;
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_shards_of_n_processes_together_hold_exactly_the_rows_of_one_unsharded_run()
    {
        var input = Input();
        var whole = await Predict(null, "--input", input, "--recursive", "--output", _root.File("all.csv"));

        var runs = await Task.WhenAll(Enumerable.Range(0, Shards).Select(k =>
            Predict(null, "--input", input, "--recursive", "--shard", $"{k}/{Shards}", "--output", _root.File($"part-{k}.csv"))));

        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        var all = Rows(_root.File("all.csv"));
        var parts = Enumerable.Range(0, Shards).Select(k => Rows(_root.File($"part-{k}.csv"))).ToList();
        Assert.Equal(18, all.Count);
        Assert.All(parts, p => Assert.NotEmpty(p));
        Assert.Equal(all, parts.SelectMany(p => p).Order(StringComparer.Ordinal));
        Assert.Equal(all.Count, parts.SelectMany(p => p).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Auto_takes_the_index_from_the_indexed_job_variable_and_resume_works_per_shard()
    {
        var input = Input();
        var explicitRun = await Predict(null, "--input", input, "--recursive", "--shard", "1/3", "--output", _root.File("explicit.csv"));
        var environment = new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = "1" };
        var autoRun = await Predict(environment, "--input", input, "--recursive", "--shard", "auto/3", "--output", _root.File("auto.csv"));
        var named = await Predict(new Dictionary<string, string?> { ["MY_MATRIX_INDEX"] = "1" },
            "--input", input, "--recursive", "--shard", "auto/3", "--shard-index-env", "MY_MATRIX_INDEX", "--output", _root.File("named.csv"));
        var resumed = await Predict(environment, "--input", input, "--recursive", "--shard", "auto/3", "--output", _root.File("auto.csv"), "--resume");

        Assert.True(explicitRun.ExitCode == 0, explicitRun.Stderr);
        Assert.True(autoRun.ExitCode == 0, autoRun.Stderr);
        Assert.True(named.ExitCode == 0, named.Stderr);
        Assert.Equal(Rows(_root.File("explicit.csv")), Rows(_root.File("auto.csv")));
        Assert.Equal(Rows(_root.File("explicit.csv")), Rows(_root.File("named.csv")));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var count = Rows(_root.File("explicit.csv")).Count;
        Assert.Contains($"Resuming: {count} of {count} images already in", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(Rows(_root.File("explicit.csv")), Rows(_root.File("auto.csv")));
    }

    [Fact]
    public async Task Auto_without_any_index_variable_is_a_one_line_usage_error()
    {
        var run = await Predict(new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = null, ["SLURM_ARRAY_TASK_ID"] = null },
            "--input", Input(), "--shard", "auto/3", "--output", _root.File("x.csv"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID");
    }

    private string Input()
    {
        var folder = _root.File("input");
        if (!Directory.Exists(folder))
        {
            SyntheticDataset.Generate(folder, new SyntheticDatasetSpec { ClassNames = ["circle", "square", "triangle"], ImagesPerClass = 6, MinSide = 48, MaxSide = 96, Seed = 11 });
        }

        return folder;
    }

    private Task<CliRun> Predict(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        ToolProcess.RunAsync("mlpipeline", environment, ["predict", "--model", trained.ModelPath, .. args]);

    // Data rows (header dropped), sorted: every column must match, not just the paths.
    private static List<string> Rows(string csv) => [.. File.ReadAllLines(csv).Skip(1).Order(StringComparer.Ordinal)];
}
