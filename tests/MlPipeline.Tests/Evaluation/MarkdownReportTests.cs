using MlPipeline.Core.Evaluation.Reports;

namespace MlPipeline.Tests.Evaluation;

public sealed class MarkdownReportTests
{
    [Fact]
    public void Confusion_matrix_is_a_markdown_table_with_class_names_on_both_axes()
    {
        var table = MarkdownReport.ConfusionMatrixTable(SampleReports.CatsAndDogs());

        Assert.Equal(
            """
            | true \ predicted | cat | dog | bird |
            |---|---:|---:|---:|
            | cat | **9** | 1 | 0 |
            | dog | 2 | **6** | 0 |
            | bird | 0 | 0 | **0** |


            """.ReplaceLineEndings("\n"),
            table.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Pipes_in_class_names_do_not_break_the_table()
    {
        var report = SampleReports.CatsAndDogs() with { Classes = ["a|b", "dog", "bird"] };

        Assert.Contains(@"| a\|b | **9** |", MarkdownReport.ConfusionMatrixTable(report), StringComparison.Ordinal);
    }
}
