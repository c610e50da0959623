using System.Globalization;
using MlPipeline.Core.Prediction.Output;

namespace MlPipeline.Tests.Prediction;

public sealed class CsvPredictionWriterTests
{
    [Theory]
    [InlineData("plain/a.jpg", "plain/a.jpg")]
    [InlineData("a,b.jpg", "\"a,b.jpg\"")]
    [InlineData("say \"hi\".png", "\"say \"\"hi\"\".png\"")]
    [InlineData("two\nlines.png", "\"two\nlines.png\"")]
    public void Fields_are_quoted_only_when_needed_with_quotes_doubled(string value, string expected)
    {
        Assert.Equal(expected, Csv.Record([value]));
        Assert.Equal([value, "x"], Csv.ParseRecord(Csv.Record([value, "x"])));
    }

    [Fact]
    public void A_predicted_row_lists_top_k_with_invariant_six_decimal_probabilities()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var row = new PredictionRow("dir, with comma/a.jpg", "cat", 0.75f, [new("cat", 0.75f), new("dog", 0.25f)], null);

            Assert.Equal("\"dir, with comma/a.jpg\",cat,0.750000,cat:0.750000;dog:0.250000,", CsvPredictionWriter.Format(row));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_failed_row_has_only_path_and_error()
    {
        Assert.Equal("bad.png,,,,\"not an image, or corrupt\"", CsvPredictionWriter.Format(PredictionRow.Failed("bad.png", "not an image, or corrupt")));
    }

    [Fact]
    public void Every_line_ends_with_a_line_feed_and_is_flushed_at_once()
    {
        using var output = new StringWriter();
        var writer = new CsvPredictionWriter(output, writeHeader: true);

        writer.Write(PredictionRow.Failed("a.png", "empty file"));

        Assert.Equal($"{CsvPredictionWriter.Header}\na.png,,,,empty file\n", output.ToString());
    }

    [Theory]
    [InlineData("a,\"b", "not closed")]
    [InlineData("a,\"b\"c", "after a quoted field")]
    [InlineData("a,b\"c", "Quote inside")]
    public void Malformed_records_are_rejected(string record, string message)
    {
        var e = Assert.Throws<FormatException>(() => Csv.ParseRecord(record));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0.jpg")]
    [InlineData("+1.jpg")]
    [InlineData("-2.jpg")]
    [InlineData("@SUM(A1).jpg")]
    [InlineData("\tx.jpg")]
    [InlineData("\rx.jpg")]
    public void Text_cells_that_start_like_a_formula_are_escaped_and_read_back_unchanged(string path)
    {
        var row = new PredictionRow(path, "-neg", 0.5f, [new("-neg", 0.5f), new("b", 0.5f)], null);

        var line = CsvPredictionWriter.Format(row);
        var fields = Csv.ParseRecord(line);

        // OWASP: a spreadsheet must see text, so the cell starts with a quote character, not the formula character.
        Assert.StartsWith("\"'", line, StringComparison.Ordinal);
        Assert.Equal(path, fields[0]);
        Assert.Equal("-neg", fields[1]);
        Assert.Equal("0.500000", fields[2]);
    }
}
