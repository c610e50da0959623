using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Evaluation.Comparison;

/// <summary>evaluate --baseline on real models: the gate, the paired test, the report section, mismatched classes.</summary>
[Trait("Tier", "Slow")]
[Collection(ResNet50Tests.Name)]
public sealed class BaselineComparisonTests(ComparisonModelsFixture models) : IClassFixture<ComparisonModelsFixture>, IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_model_compared_with_itself_passes_with_no_disagreement()
    {
        var run = await Evaluate(models.Full, models.Full, "--report", _root.File("report"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("gate max-accuracy-drop 0.01: PASS (0.0000)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("gate mcnemar 0.05: PASS (1.0000)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("McNemar: 0 fixed, 0 broken, p = 1", run.Stdout, StringComparison.Ordinal);
        var comparison = Metrics(_root.File("report")).GetProperty("comparison");
        Assert.Equal(0, comparison.GetProperty("fixed").GetArrayLength());
        Assert.Equal(0, comparison.GetProperty("broken").GetArrayLength());
        Assert.All(comparison.GetProperty("perClass").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("f1Delta").GetDouble()));
    }

    [Fact]
    public async Task A_model_trained_on_a_tenth_of_the_data_fails_the_gate_against_the_full_one_and_the_report_shows_what_broke()
    {
        var report = _root.File("report");

        var run = await Evaluate(models.Tenth, models.Full, "--report", report, "--json");

        Assert.True(run.ExitCode == (int)ExitCode.QualityGateFailed, run.Stdout + run.Stderr);
        var metrics = Metrics(report);
        var comparison = metrics.GetProperty("comparison");
        var broken = comparison.GetProperty("broken").EnumerateArray().ToList();
        var fixedCount = comparison.GetProperty("fixed").GetArrayLength();
        Assert.NotEmpty(broken);
        // Counted by hand from the two models' own per-image outcomes in the document.
        Assert.Equal(broken.Count, comparison.GetProperty("mcNemar").GetProperty("broken").GetInt32());
        Assert.Equal(fixedCount, comparison.GetProperty("mcNemar").GetProperty("fixed").GetInt32());
        var candidateAccuracy = metrics.GetProperty("metrics").GetProperty("microAccuracy").GetDouble();
        var baselineAccuracy = comparison.GetProperty("baselineReport").GetProperty("microAccuracy").GetDouble();
        var count = metrics.GetProperty("metrics").GetProperty("count").GetInt32();
        Assert.Equal((double)(fixedCount - broken.Count) / count, candidateAccuracy - baselineAccuracy, 9);
        Assert.Contains(metrics.GetProperty("gates").EnumerateArray(), g => g.GetProperty("name").GetString() == "max-accuracy-drop" && !g.GetProperty("passed").GetBoolean());
        Assert.All(broken, b => Assert.Equal(b.GetProperty("trueLabel").GetString(), b.GetProperty("baselineLabel").GetString()));
        Assert.All(broken, b => Assert.NotEqual(b.GetProperty("trueLabel").GetString(), b.GetProperty("candidateLabel").GetString()));

        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        var html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.Contains("## Compared with the baseline", markdown, StringComparison.Ordinal);
        Assert.Contains("Broken: right before, wrong now", markdown, StringComparison.Ordinal);
        Assert.Contains("![", markdown, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(report, "comparison", "broken-000.jpg")));
        Assert.Contains(broken[0].GetProperty("relativePath").GetString()!, markdown, StringComparison.Ordinal);
        Assert.Contains("<figure class=\"broken\"><img", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_paired_run_measures_each_model_exactly_as_evaluating_it_alone_does()
    {
        var paired = await Evaluate(models.Tenth, models.Full, "--json");
        var candidateAlone = await CliHarness.RunAsync("evaluate", "--model", models.Tenth, "--data", models.Holdout, "--json");
        var baselineAlone = await CliHarness.RunAsync("evaluate", "--model", models.Full, "--data", models.Holdout, "--json");

        var pairedRoot = JsonDocument.Parse(paired.Stdout).RootElement;
        var candidate = JsonDocument.Parse(candidateAlone.Stdout).RootElement.GetProperty("metrics");
        var baseline = JsonDocument.Parse(baselineAlone.Stdout).RootElement.GetProperty("metrics");
        Assert.Equal(Compact(candidate.GetProperty("confusionMatrix")), Compact(pairedRoot.GetProperty("metrics").GetProperty("confusionMatrix")));
        Assert.Equal(candidate.GetProperty("logLoss").GetDouble(), pairedRoot.GetProperty("metrics").GetProperty("logLoss").GetDouble(), 12);
        var pairedBaseline = pairedRoot.GetProperty("comparison").GetProperty("baselineReport");
        Assert.Equal(Compact(baseline.GetProperty("confusionMatrix")), Compact(pairedBaseline.GetProperty("confusionMatrix")));
        Assert.Equal(baseline.GetProperty("logLoss").GetDouble(), pairedBaseline.GetProperty("logLoss").GetDouble(), 12);
    }

    [Fact]
    public async Task Gate_lines_are_printed_per_criterion_when_the_candidate_is_worse()
    {
        var run = await Evaluate(models.Tenth, models.Full);

        Assert.Equal((int)ExitCode.QualityGateFailed, run.ExitCode);
        Assert.Matches(@"gate max-accuracy-drop 0\.01: FAIL \(0\.\d{4}\)", run.Stdout);
        Assert.Matches(@"gate mcnemar 0\.05: (PASS|FAIL) \(", run.Stdout);
    }

    [Fact]
    public async Task Models_with_different_classes_are_compared_on_the_shared_ones_and_say_so()
    {
        var run = await Evaluate(models.HalfTheClasses, models.Full, "--max-accuracy-drop", "1", "--report", _root.File("report"));

        Assert.True(run.ExitCode is 0 or (int)ExitCode.QualityGateFailed, run.Stderr);
        Assert.Contains("comparing only the 3 they share: circle, cross, ring", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("compared on the 3 shared classes only", run.Stdout, StringComparison.Ordinal);
        var metrics = Metrics(_root.File("report"));
        Assert.Equal(36, metrics.GetProperty("metrics").GetProperty("count").GetInt32());
        Assert.Equal(["square", "stripes", "triangle"], metrics.GetProperty("comparison").GetProperty("baselineOnlyClasses").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("The class lists differ", File.ReadAllText(_root.File("report/report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_class_folder_only_the_baseline_lacks_is_reported_as_the_baselines_gap()
    {
        var run = await Evaluate(models.Full, models.HalfTheClasses, "--max-accuracy-drop", "1");

        Assert.True(run.ExitCode is 0 or (int)ExitCode.QualityGateFailed, run.Stderr);
        Assert.Contains($"Class folder 'square' (12 images) is not a class of the baseline {models.HalfTheClasses}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a class of the model", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_sharing_no_class_are_a_model_error()
    {
        var run = await Evaluate(models.Disjoint, models.Full);

        CliAssert.OneLineError(run, ExitCode.ModelError, "The models share no class");
    }

    private Task<CliRun> Evaluate(string candidate, string baseline, params string[] args) =>
        CliHarness.RunAsync(["evaluate", "--model", candidate, "--baseline", baseline, "--data", models.Holdout, .. args]);

    // The same matrix sits at different depths in the two documents, so their indentation differs.
    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static JsonElement Metrics(string report) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "metrics.json"))).RootElement;
}
