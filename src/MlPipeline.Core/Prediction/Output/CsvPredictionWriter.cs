using System.Globalization;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// CSV rows <c>path,label,confidence,top_k,error</c>; <c>top_k</c> is <c>label:probability;...</c>, most likely first.
/// Probabilities have six decimals in the invariant culture whatever the machine's locale. Text cells that
/// begin with = + - @, tab or CR are escaped against formula injection (see <see cref="Csv"/>).
/// </summary>
internal sealed class CsvPredictionWriter : IPredictionWriter
{
    public const string Header = "path,label,confidence,top_k,error";

    private readonly TextWriter _writer;

    /// <param name="writer">Where rows go; flushed after every row.</param>
    /// <param name="writeHeader">False when appending to a file that already has the header.</param>
    public CsvPredictionWriter(TextWriter writer, bool writeHeader)
    {
        _writer = writer;
        if (writeHeader)
        {
            WriteLine(Header);
        }
    }

    public void Write(PredictionRow row) => WriteLine(Format(row));

    public static string Format(PredictionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var topK = string.Join(';', row.Top.Select(p => $"{p.Label}:{Probability(p.Probability)}"));
        string[] fields = [row.Path, row.Label ?? "", row.Confidence is { } c ? Probability(c) : "", topK, row.Error ?? ""];
        return Csv.Record(fields);
    }

    private static string Probability(float p) => p.ToString("F6", CultureInfo.InvariantCulture);

    // '\n' whatever the OS, so that files are identical everywhere and resume can find line ends.
    private void WriteLine(string line)
    {
        _writer.Write(line);
        _writer.Write('\n');
        _writer.Flush();
    }
}
