using System.Globalization;
using System.Text;
using CsvHelper;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// RFC 4180 records written by CsvHelper with the OWASP formula-injection rule: a text cell beginning with
/// <c>= + - @</c>, tab or CR gets a leading <c>'</c> (and quotes), so a spreadsheet shows it as text and never runs
/// it. <see cref="ParseRecord"/> takes the <c>'</c> off again, so --resume reads back the paths that were written.
/// </summary>
internal static class Csv
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape, NewLine = "\n" };

    /// <summary>One record of text cells, without its line break.</summary>
    public static string Record(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            foreach (var field in fields)
            {
                csv.WriteField(field);
            }

            csv.EndRecord();
            csv.Flush();
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Splits one complete record (without its final line break) into fields.</summary>
    /// <exception cref="FormatException">A quote is misplaced or never closed.</exception>
    public static IReadOnlyList<string> ParseRecord(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                i = ReadQuoted(record, i + 1, field);
                if (i < record.Length && record[i] != ',')
                {
                    throw new FormatException($"Unexpected character after a quoted field at {i}.");
                }
            }
            else
            {
                var end = record.IndexOf(',', i);
                end = end < 0 ? record.Length : end;
                var plain = record[i..end];
                if (plain.Contains('"', StringComparison.Ordinal))
                {
                    throw new FormatException($"Quote inside an unquoted field at {i}.");
                }

                field.Append(plain);
                i = end;
            }

            fields.Add(Unescape(field.ToString()));
            field.Clear();
            if (i >= record.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }

    // Reads a quoted field's content from just after its opening quote; returns the index after the closing quote.
    private static int ReadQuoted(string record, int i, StringBuilder field)
    {
        while (i < record.Length)
        {
            if (record[i] != '"')
            {
                field.Append(record[i++]);
            }
            else if (i + 1 < record.Length && record[i + 1] == '"')
            {
                field.Append('"');
                i += 2;
            }
            else
            {
                return i + 1;
            }
        }

        throw new FormatException("A quoted field is not closed.");
    }

    private static string Unescape(string field) =>
        field.Length >= 2 && field[0] == '\'' && Options.InjectionCharacters.Contains(field[1], StringComparison.Ordinal) ? field[1..] : field;
}
