using System.Text;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break, with quotes doubled.</summary>
internal static class Csv
{
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    public static string Field(string value) =>
        value.IndexOfAny(NeedsQuotes) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

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

            fields.Add(field.ToString());
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
}
