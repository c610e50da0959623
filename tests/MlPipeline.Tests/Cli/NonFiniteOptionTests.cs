using MlPipeline.Cli;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Cli;

/// <summary>Issue 8, defect 6: NaN and infinity are refused at parse time (exit 2), for every floating option of every verb.</summary>
public sealed class NonFiniteOptionTests
{
    // What each verb needs besides the option under test; the paths do not exist, so only a parse-time check can
    // produce the "finite" message (a runner would fail on the path instead).
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["train"] = ["--data", "/nonexistent-data"],
        ["evaluate"] = ["--data", "/nonexistent-data"],
        ["predict"] = ["--input", "/nonexistent-input"],
        ["doctor"] = ["--data", "/nonexistent-data"],
        ["quantize"] = ["--data", "/nonexistent-data", "--output", "/nonexistent-output/m.zip"],
    };

    public static TheoryData<string, string, string> FloatingOptions()
    {
        var data = new TheoryData<string, string, string>();
        var root = CliApp.BuildRootCommand(new CliConsole(TextWriter.Null, TextWriter.Null, errorIsTerminal: false));
        foreach (var verb in root.Subcommands)
        {
            foreach (var option in verb.Options.Where(o => o.ValueType == typeof(double) || o.ValueType == typeof(double?) || o.ValueType == typeof(float)))
            {
                foreach (var value in new[] { "NaN", "Infinity", "-Infinity" })
                {
                    data.Add(verb.Name, option.Name, value);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_verb_with_a_floating_option_is_covered()
    {
        var verbs = FloatingOptions().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["train", "evaluate", "predict"], StringComparer.Ordinal), verbs);
        Assert.Subset(Required.Keys.ToHashSet(StringComparer.Ordinal), verbs);
    }

    [Theory]
    [MemberData(nameof(FloatingOptions))]
    public async Task A_non_finite_value_is_a_usage_error_before_any_work(string verb, string option, string value)
    {
        var run = await CliHarness.RunAsync([verb, .. Required.GetValueOrDefault(verb, []), option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{option} must be a finite number", run.Stderr, StringComparison.Ordinal);
    }
}
