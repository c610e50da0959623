using System.Text;
using MlPipeline.Core;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Prediction;

public sealed class ResumeReaderTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Complete_csv_rows_are_done_and_a_cut_off_last_line_is_left_out()
    {
        var complete = $"{CsvPredictionWriter.Header}\na.png,cat,0.900000,cat:0.900000,\nb.png,,,,empty file\n";
        var path = Write("p.csv", complete + "c.png,do");

        var state = ResumeReader.Read(path, PredictionFormat.Csv);

        Assert.Equal(["a.png", "b.png"], state.Done.Order(StringComparer.Ordinal));
        Assert.Equal(1, state.Failed);
        Assert.True(state.HasHeader);
        Assert.Equal(Encoding.UTF8.GetByteCount(complete), state.CompleteLength);
    }

    [Fact]
    public void Quoted_csv_paths_with_commas_line_breaks_and_non_ascii_are_read_back()
    {
        string[] paths = ["x, y/é.png", "two\nlines.png", "q\"uote.png"];
        var rows = paths.Select(p => CsvPredictionWriter.Format(new PredictionRow(p, "cat", 1f, [new("cat", 1f)], null)));
        var complete = $"{CsvPredictionWriter.Header}\n{string.Join('\n', rows)}\n";
        // A cut inside a quoted field: its line break is part of the field, not a row end.
        var path = Write("p.csv", complete + "\"cut\nin quotes");

        var state = ResumeReader.Read(path, PredictionFormat.Csv);

        Assert.Equal(["q\"uote.png", "two\nlines.png", "x, y/é.png"], state.Done.Order(StringComparer.Ordinal));
        Assert.Equal(Encoding.UTF8.GetByteCount(complete), state.CompleteLength);
    }

    [Fact]
    public void A_cut_off_header_means_nothing_is_done_and_the_header_is_rewritten()
    {
        var state = ResumeReader.Read(Write("p.csv", "path,lab"), PredictionFormat.Csv);

        Assert.Empty(state.Done);
        Assert.False(state.HasHeader);
        Assert.Equal(0, state.CompleteLength);
    }

    [Fact]
    public void Jsonl_rows_are_read_and_a_half_written_object_is_left_out()
    {
        var complete = "{\"path\":\"a.png\",\"label\":\"cat\",\"error\":null}\n{\"path\":\"b.png\",\"label\":null,\"error\":\"empty file\"}\n";
        var path = Write("p.jsonl", complete + "{\"path\":\"c.png\",\"lab");

        var state = ResumeReader.Read(path, PredictionFormat.Jsonl);

        Assert.Equal(["a.png", "b.png"], state.Done.Order(StringComparer.Ordinal));
        Assert.Equal(1, state.Failed);
        Assert.Equal(Encoding.UTF8.GetByteCount(complete), state.CompleteLength);
    }

    [Theory]
    [InlineData("p.csv", "name,value\n", "header")]
    [InlineData("p.csv", $"{CsvPredictionWriter.Header}\na.png,cat\n", "line 2")]
    [InlineData("p.jsonl", "{\"path\":\"a.png\"}\nnot json\n", "line 2")]
    [InlineData("p.jsonl", "[1]\n", "line 1")]
    public void A_file_that_is_not_a_prediction_output_is_an_output_error(string name, string content, string message)
    {
        var path = Write(name, content);

        var e = Assert.Throws<MlPipelineException>(() => ResumeReader.Read(path, PredictionFormats.FromPath(path)));

        Assert.Equal(ExitCode.OutputError, e.ExitCode);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Appending_after_the_complete_rows_drops_the_cut_off_line()
    {
        var path = Write("p.csv", $"{CsvPredictionWriter.Header}\na.png,,,,empty file\nb.pn");
        var state = ResumeReader.Read(path, PredictionFormat.Csv);

        using (var file = PredictionOutputFile.OpenAfter(path, state))
        {
            new CsvPredictionWriter(file.Writer, writeHeader: !state.HasHeader).Write(PredictionRow.Failed("b.png", "empty file"));
        }

        Assert.Equal($"{CsvPredictionWriter.Header}\na.png,,,,empty file\nb.png,,,,empty file\n", File.ReadAllText(path));
    }

    private string Write(string name, string content)
    {
        var path = _root.File(name);
        File.WriteAllText(path, content);
        return path;
    }
}
