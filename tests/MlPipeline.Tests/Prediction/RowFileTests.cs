using MlPipeline.Core;
using MlPipeline.Core.Prediction.Output;

namespace MlPipeline.Tests.Prediction;

/// <summary>Issue 8, defect 5: a full disk while rows are written is exit 5, and the file ends with its last complete row.</summary>
public sealed class RowFileTests
{
    [Fact]
    public void A_row_the_disk_refuses_is_cut_away_and_reported_as_an_output_error()
    {
        // Room for two and a half JSONL rows, as on a disk that fills up mid-row.
        var rowBytes = System.Text.Encoding.UTF8.GetByteCount(System.Text.Json.JsonSerializer.Serialize(Row("a.jpg"), JsonlPredictionWriter.Json)) + 1;
        var stream = new FillingStream(capacity: rowBytes * 5 / 2);
        var rows = new[] { Row("a.jpg"), Row("b.jpg"), Row("c.jpg") };
        MlPipelineException? failure = null;
        using (var file = new RowFile("p.jsonl", stream))
        {
            var writer = new JsonlPredictionWriter(file.Writer);
            foreach (var row in rows)
            {
                failure ??= Record.Exception(() => file.Commit(() => writer.Write(row))) as MlPipelineException;
                if (failure is not null)
                {
                    break;
                }
            }
        }

        Assert.NotNull(failure);
        Assert.Equal(ExitCode.OutputError, failure.ExitCode);
        Assert.StartsWith("Cannot write to p.jsonl: No space left on device", failure.Message, StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(stream.Written);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("b.jpg", text, StringComparison.Ordinal);
    }

    private static PredictionRow Row(string path) => new(path, "cat", 0.75f, [new("cat", 0.75f), new("dog", 0.25f)], null);

    // Writes what fits, then fails as write(2) does with ENOSPC; keeps what was written, like a file.
    private sealed class FillingStream(int capacity) : MemoryStream
    {
        public byte[] Written => ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var room = (int)Math.Max(0, capacity - Position);
            var fits = buffer[..Math.Min(room, buffer.Length)].ToArray();
            base.Write(fits, 0, fits.Length);
            if (buffer.Length > room)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
