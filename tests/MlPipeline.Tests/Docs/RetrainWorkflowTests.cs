using MlPipeline.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace MlPipeline.Tests.Docs;

/// <summary>docs/ci/retrain.yml parses as YAML and has the GitHub Actions shape and the steps the README promises.</summary>
public sealed class RetrainWorkflowTests
{
    private static readonly Lazy<YamlMappingNode> Workflow = new(() =>
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "docs", "ci", "retrain.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    });

    [Fact]
    public void It_is_a_workflow_with_triggers_and_one_job_of_steps()
    {
        Assert.Equal("retrain", Scalar(Workflow.Value, "name"));
        Assert.IsType<YamlMappingNode>(Workflow.Value["on"]);
        var job = Job();
        Assert.Equal("ubuntu-latest", Scalar(job, "runs-on"));
        Assert.All(Steps(), step => Assert.True(step.Children.ContainsKey("uses") ^ step.Children.ContainsKey("run"), "each step either uses an action or runs a command"));
        Assert.All(Steps().Where(s => s.Children.ContainsKey("uses")), s => Assert.Matches(@"^[\w.-]+/[\w.-]+@v\d+$", Scalar(s, "uses")));
    }

    [Fact]
    public void It_caches_the_backbone_then_trains_with_a_seed_then_gates_against_the_baseline()
    {
        var steps = Steps();
        var cache = steps.FindIndex(s => Scalar(s, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true);
        var train = steps.FindIndex(s => Scalar(s, "run")?.Contains("mlpipeline train", StringComparison.Ordinal) == true);
        var evaluate = steps.FindIndex(s => Scalar(s, "run")?.Contains("mlpipeline evaluate", StringComparison.Ordinal) == true);

        Assert.True(cache >= 0 && cache < train && train < evaluate, $"cache {cache}, train {train}, evaluate {evaluate}");
        var cachedPath = Scalar((YamlMappingNode)steps[cache]["with"], "path");
        Assert.Equal("${{ env.MLPIPELINE_CACHE }}", cachedPath);
        Assert.NotNull(Scalar((YamlMappingNode)Job()["env"], "MLPIPELINE_CACHE"));
        Assert.Contains("--seed", Scalar(steps[train], "run"), StringComparison.Ordinal);
        var gate = Scalar(steps[evaluate], "run")!;
        Assert.Contains("--baseline", gate, StringComparison.Ordinal);
        Assert.Contains("--report artifacts/report", gate, StringComparison.Ordinal);
        Assert.DoesNotContain(steps[evaluate].Children.Keys, k => ((YamlScalarNode)k).Value == "continue-on-error");
    }

    [Fact]
    public void The_report_reaches_the_job_summary_and_the_artifacts_even_when_the_gate_fails()
    {
        var steps = Steps();
        var summary = Assert.Single(steps, s => Scalar(s, "run")?.Contains("$GITHUB_STEP_SUMMARY", StringComparison.Ordinal) == true);
        var upload = Assert.Single(steps, s => Scalar(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);

        Assert.Contains("artifacts/report/report.md", Scalar(summary, "run"), StringComparison.Ordinal);
        Assert.Equal("always()", Scalar(summary, "if"));
        Assert.Equal("always()", Scalar(upload, "if"));
        var paths = Scalar((YamlMappingNode)upload["with"], "path")!;
        Assert.Contains("artifacts/model.zip", paths, StringComparison.Ordinal);
        Assert.Contains("artifacts/report/", paths, StringComparison.Ordinal);
    }

    private static YamlMappingNode Job() => (YamlMappingNode)((YamlMappingNode)Workflow.Value["jobs"])["retrain"];

    private static List<YamlMappingNode> Steps() => [.. ((YamlSequenceNode)Job()["steps"]).Children.Cast<YamlMappingNode>()];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
