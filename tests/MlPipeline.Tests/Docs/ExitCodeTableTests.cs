using System.Globalization;
using System.Text.RegularExpressions;
using MlPipeline.Core;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Docs;

/// <summary>Issue 22, item 6: docs/exit-codes.md lists exactly the codes the tool can exit with.</summary>
public sealed partial class ExitCodeTableTests
{
    /// <summary>System.CommandLine's code for an unhandled exception; the enum leaves it out on purpose.</summary>
    private const int Crash = 1;

    [Fact]
    public void The_table_lists_every_exit_code_and_no_other()
    {
        var documented = DocumentedCodes();
        var declared = Enum.GetValues<ExitCode>().Select(c => (int)c).Append(Crash).Order();

        Assert.Equal(declared, documented.Keys);
    }

    [Fact]
    public void The_crash_code_is_no_outcome_of_the_enum_and_the_table_says_what_it_is()
    {
        Assert.DoesNotContain(Crash, Enum.GetValues<ExitCode>().Select(c => (int)c));
        Assert.Contains("crash", DocumentedCodes()[Crash], StringComparison.Ordinal);
    }

    /// <summary>The table's rows, code to meaning; a code listed twice fails here.</summary>
    private static SortedDictionary<int, string> DocumentedCodes()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "exit-codes.md"));
        var rows = new SortedDictionary<int, string>();
        foreach (Match row in Row().Matches(text))
        {
            rows.Add(int.Parse(row.Groups["code"].Value, CultureInfo.InvariantCulture), row.Groups["meaning"].Value);
        }

        return rows;
    }

    [GeneratedRegex(@"^\|\s*(?<code>\d+)\s*\|\s*(?<meaning>.+?)\s*\|\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
