using System.Text;
using MlPipeline.Core;
using MlPipeline.Core.Dataset.LabelFiles;

namespace MlPipeline.Tests.Dataset.LabelFiles;

/// <summary>Issue 20: label files parsed as users have them, and every malformed one refused with its line.</summary>
public sealed class LabelFileReaderTests
{
    private static IReadOnlyList<LabelFileRow> Read(string text, char? separator = ',', string? pathColumn = null, string? labelColumn = null, bool readLabels = true) =>
        LabelFileReader.Read(Encoding.UTF8.GetBytes(text), separator, "labels.csv", pathColumn, labelColumn, readLabels);

    private static string Refusal(string text, char? separator = ',', string? pathColumn = null, string? labelColumn = null)
    {
        var e = Assert.Throws<MlPipelineException>(() => Read(text, separator, pathColumn, labelColumn));
        Assert.Equal(ExitCode.DataError, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void Quoted_fields_keep_their_commas_quotes_and_line_breaks()
    {
        var rows = Read("path,label\n\"a, b.jpg\",\"say \"\"cat\"\"\"\n\"two\nlines.png\",dog\n");

        Assert.Equal([new LabelFileRow(2, "a, b.jpg", "say \"cat\""), new LabelFileRow(3, "two\nlines.png", "dog")], rows);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_do_not_reach_the_header_or_the_values()
    {
        // With the mark left on, "label" would not be recognized and the first column would be taken as the path.
        var rows = Read("\uFEFFlabel,path\r\ncat,a.jpg\r\ndog,b.jpg\r\n");

        Assert.Equal([new LabelFileRow(2, "a.jpg", "cat"), new LabelFileRow(3, "b.jpg", "dog")], rows);
    }

    [Fact]
    public void A_tsv_splits_on_tabs_only()
    {
        Assert.Equal('\t', LabelFileReader.SeparatorOf("images.TSV"));

        var rows = Read("image\tclass\nmy photo, 1.jpg\tcat\n", '\t');

        Assert.Equal([new LabelFileRow(2, "my photo, 1.jpg", "cat")], rows);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_counted_in_line_numbers()
    {
        var rows = Read("path,label\n\na.jpg,cat\n   \n\nb.jpg , dog \n");

        Assert.Equal([new LabelFileRow(3, "a.jpg", "cat"), new LabelFileRow(6, "b.jpg", "dog")], rows);
    }

    [Fact]
    public void Known_column_names_are_found_in_any_case_and_position()
    {
        var rows = Read("score,Category,ID\n0.5,cat,17\n");

        Assert.Equal([new LabelFileRow(2, "17", "cat")], rows);
    }

    [Fact]
    public void Without_known_names_the_first_column_is_the_path_and_the_second_the_label()
    {
        var rows = Read("picture,species,notes\nx.jpg,cat,fluffy\n");

        Assert.Equal([new LabelFileRow(2, "x.jpg", "cat")], rows);
    }

    [Fact]
    public void Named_columns_win_over_detection()
    {
        var rows = Read("file,label,species\nx.jpg,animal,cat\n", pathColumn: "FILE", labelColumn: "species");

        Assert.Equal([new LabelFileRow(2, "x.jpg", "cat")], rows);
    }

    [Fact]
    public void A_named_column_missing_from_the_header_is_refused_with_the_columns_there_are()
    {
        Assert.Equal(
            "Label file labels.csv: the header has no column 'species' (columns: path, label); name the label column with --label-column.",
            Refusal("path,label\na.jpg,cat\n", labelColumn: "species"));
        Assert.Contains("the header has no column 'filename'", Refusal("path,label\na.jpg,cat\n", pathColumn: "filename"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_the_wrong_field_count_is_refused_with_its_line()
    {
        Assert.Equal(
            "Label file labels.csv line 4 has 1 field(s), the header has 2.",
            Refusal("path,label\na.jpg,cat\n\nb.jpg\n"));
        Assert.Equal(
            "Label file labels.csv line 2 has 3 field(s), the header has 2.",
            Refusal("path,label\na,b.jpg,cat\n"));
    }

    [Fact]
    public void A_line_inside_a_quoted_field_counts_toward_later_line_numbers()
    {
        Assert.Equal(
            "Label file labels.csv line 4 has an empty label for c.jpg.",
            Refusal("path,label\n\"a\nb.jpg\",cat\nc.jpg,\n"));
    }

    [Fact]
    public void An_empty_path_is_refused_with_its_line()
    {
        Assert.Equal("Label file labels.csv line 3 has an empty path.", Refusal("path,label\na.jpg,cat\n,dog\n"));
    }

    [Fact]
    public void A_stray_quote_is_refused_with_its_line()
    {
        Assert.StartsWith("Label file labels.csv line 3 has malformed quoting", Refusal("path,label\na.jpg,cat\n\"b.jpg\"x,dog\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_header_is_refused_rather_than_losing_its_first_image()
    {
        Assert.Contains("line 1 looks like data (a.jpg), not a header", Refusal("a.jpg,cat\nb.jpg,dog\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_and_a_single_column_file_are_refused()
    {
        Assert.Contains("labels.csv is empty", Refusal("\n\n"), StringComparison.Ordinal);
        Assert.Contains("the header has only one column (path)", Refusal("path\na.jpg\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_labels_only_the_path_column_is_needed()
    {
        var rows = Read("path\na.jpg\nb.jpg\n", readLabels: false);

        Assert.Equal([new LabelFileRow(2, "a.jpg", null), new LabelFileRow(3, "b.jpg", null)], rows);
    }

    [Fact]
    public void Another_extension_has_its_separator_detected()
    {
        Assert.Null(LabelFileReader.SeparatorOf("labels.txt"));

        var rows = Read("path\tlabel\na.jpg\tcat\n", separator: null);

        Assert.Equal([new LabelFileRow(2, "a.jpg", "cat")], rows);
    }
}
