using System.Globalization;
using CsvHelper;

namespace MlPipeline.Core.Dataset.LabelFiles;

/// <summary>
/// Parses a label file into rows with CsvHelper (RFC 4180 quoting, embedded separators and line breaks, a byte order
/// mark, CRLF, blank lines), refusing the first malformed row with its line number.
/// </summary>
public static class LabelFileReader
{
    /// <summary>The separator a file's extension says (.csv comma, .tsv or .tab tab); null lets CsvHelper detect it.</summary>
    public static char? SeparatorOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => ',',
        ".TSV" or ".TAB" => '\t',
        _ => null,
    };

    /// <summary>Reads the header and every data row; blank lines are skipped.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="separator">Comma or tab; null detects it from the first lines.</param>
    /// <param name="name">What messages call the file.</param>
    /// <param name="pathColumn">The path column's header, or null to detect it.</param>
    /// <param name="labelColumn">The label column's header, or null to detect it.</param>
    /// <param name="readLabels">Whether each row must carry a label.</param>
    /// <exception cref="MlPipelineException">An empty file, a header without the columns, or a malformed row (exit 3).</exception>
    public static IReadOnlyList<LabelFileRow> Read(byte[] utf8, char? separator, string name, string? pathColumn, string? labelColumn, bool readLabels)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        using var csv = CsvReader.Create(utf8, options);
        string[]? header = null;
        LabelFileColumns? columns = null;
        var rows = new List<LabelFileRow>();
        while (Next(csv, name) is { } record)
        {
            var (line, fields) = record;
            if (fields.All(f => f.Length == 0))
            {
                continue;
            }

            if (header is null)
            {
                header = fields;
                columns = Columns(header, name, pathColumn, labelColumn, readLabels);
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw Malformed(name, line, $"has {fields.Length} field(s), the header has {header.Length}");
            }

            var path = fields[columns!.Path];
            var label = columns.Label is { } l ? fields[l] : null;
            if (path.Length == 0)
            {
                throw Malformed(name, line, $"has an empty {header[columns.Path]}");
            }

            if (label is { Length: 0 })
            {
                throw Malformed(name, line, $"has an empty {header[columns.Label!.Value]} for {path}");
            }

            rows.Add(new LabelFileRow(line, path, label));
        }

        return header is null
            ? throw new MlPipelineException(ExitCode.DataError, $"Label file {name} is empty; it needs a header row such as path,label and one row per image.")
            : rows;
    }

    private static (int Line, string[] Fields)? Next(CsvReader csv, string name)
    {
        try
        {
            return csv.Read() ? ((int)csv.LineNumber, csv.Current.ToArray()) : null;
        }
        catch (CsvFormatException e)
        {
            throw Malformed(name, (int)e.LineNumber, "has malformed quoting; quote the whole field and double the quotes inside it");
        }
    }

    private static LabelFileColumns Columns(string[] header, string name, string? pathColumn, string? labelColumn, bool readLabels)
    {
        var (columns, problem) = LabelFileColumns.Find(header, pathColumn, labelColumn, readLabels);
        if (columns is null)
        {
            throw new MlPipelineException(ExitCode.DataError, $"Label file {name}: {problem}");
        }

        // A file without a header would lose its first image as the header, and read every row shifted.
        if (pathColumn is null && ImageFileTypes.IsImage(header[columns.Path]))
        {
            throw new MlPipelineException(
                ExitCode.DataError, $"Label file {name} line 1 looks like data ({header[columns.Path]}), not a header; start the file with a header row such as path,label.");
        }

        return columns;
    }

    private static MlPipelineException Malformed(string name, int line, string problem) =>
        new(ExitCode.DataError, string.Create(CultureInfo.InvariantCulture, $"Label file {name} line {line} {problem}."));
}
