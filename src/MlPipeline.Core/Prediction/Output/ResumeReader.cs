using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// Reads an output file left by an earlier run. A row counts only once its line break is written, so a row cut off
/// by a kill is not "done": its bytes are reported beyond <see cref="ResumeState.CompleteLength"/> for the caller to
/// drop, and the image is predicted again.
/// </summary>
internal static class ResumeReader
{
    /// <exception cref="MlPipelineException">A complete line is not a prediction row of this format.</exception>
    public static ResumeState Read(string path, PredictionFormat format)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var failed = 0;
        var hasHeader = false;
        long completeLength = 0;
        var lineNumber = 0;
        foreach (var (record, end) in CompleteRecords(path, quoted: format == PredictionFormat.Csv))
        {
            lineNumber++;
            completeLength = end;
            if (format == PredictionFormat.Csv && lineNumber == 1)
            {
                if (record != CsvPredictionWriter.Header)
                {
                    throw NotOurs(path, lineNumber, $"the header is not '{CsvPredictionWriter.Header}'");
                }

                hasHeader = true;
                continue;
            }

            var (rowPath, label, error) = format == PredictionFormat.Csv ? ParseCsv(path, lineNumber, record) : ParseJson(path, lineNumber, record);
            done.Add(rowPath);
            failed += error ? 1 : 0;
            if (label is not null)
            {
                labels.Add(label);
            }
        }

        return new ResumeState(done, failed, completeLength, hasHeader, labels);
    }

    private static (string Path, string? Label, bool Error) ParseCsv(string path, int lineNumber, string record)
    {
        try
        {
            var fields = Csv.ParseRecord(record);
            return fields.Count == 5
                ? (fields[0], fields[1].Length > 0 ? fields[1] : null, fields[4].Length > 0)
                : throw NotOurs(path, lineNumber, $"{fields.Count} fields instead of 5");
        }
        catch (FormatException e)
        {
            throw NotOurs(path, lineNumber, e.Message);
        }
    }

    private static (string Path, string? Label, bool Error) ParseJson(string path, int lineNumber, string record)
    {
        try
        {
            using var json = JsonDocument.Parse(record);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("path", out var rowPath) || rowPath.ValueKind != JsonValueKind.String)
            {
                throw NotOurs(path, lineNumber, "no \"path\" string");
            }

            var hasError = root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null;
            var label = root.TryGetProperty("label", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (rowPath.GetString()!, label, hasError);
        }
        catch (JsonException e)
        {
            throw NotOurs(path, lineNumber, e.Message);
        }
    }

    private static MlPipelineException NotOurs(string path, int lineNumber, string why) =>
        new(ExitCode.OutputError, $"Cannot resume from {path}: line {lineNumber} is not a prediction row ({why}).");

    // Streams the file's records, each with the byte offset just past its line break; the trailing bytes after the
    // last line break are never yielded. '\n' and '"' are single bytes in UTF-8 that never occur inside a multibyte
    // character, so scanning bytes is safe. In CSV a line break inside quotes belongs to the field.
    private static IEnumerable<(string Record, long End)> CompleteRecords(string path, bool quoted)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var record = new ArrayBufferWriter<byte>();
        var buffer = new byte[1 << 16];
        var inQuotes = false;
        long offset = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (quoted && buffer[i] == (byte)'"')
                {
                    inQuotes = !inQuotes;
                }
                else if (buffer[i] == (byte)'\n' && !inQuotes)
                {
                    record.Write(buffer.AsSpan(start, i - start));
                    var text = Encoding.UTF8.GetString(record.WrittenSpan).TrimEnd('\r');
                    record.Clear();
                    start = i + 1;
                    yield return (text, offset + i + 1);
                }
            }

            record.Write(buffer.AsSpan(start, read - start));
            offset += read;
        }
    }
}
