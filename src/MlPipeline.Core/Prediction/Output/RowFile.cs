using System.Text;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// The output file of a folder prediction, kept valid up to its last complete row: when a write fails (disk full,
/// device gone), the cut-off row is truncated away and the failure becomes a one-line output error (exit 5).
/// </summary>
internal sealed class RowFile : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _name;
    private readonly Stream _stream;
    private readonly StreamWriter _writer;
    private long _complete;
    private bool _failed;

    /// <param name="name">What errors call the file.</param>
    /// <param name="stream">Positioned at the end of the last complete row; unbuffered, so a failed row is on disk or not.</param>
    public RowFile(string name, Stream stream)
    {
        _name = name;
        _stream = stream;
        _writer = new StreamWriter(stream, Utf8);
        _complete = stream.Position;
    }

    /// <summary>Where rows are written; each <see cref="Commit"/> must write and flush whole rows.</summary>
    public TextWriter Writer => _writer;

    /// <summary>Runs <paramref name="writeRow"/>; on an I/O failure, cuts the file back to its last complete row.</summary>
    /// <exception cref="MlPipelineException">Exit 5, with the number of bytes kept.</exception>
    public void Commit(Action writeRow)
    {
        ArgumentNullException.ThrowIfNull(writeRow);
        try
        {
            writeRow();
            _complete = _stream.Position;
        }
        catch (IOException e)
        {
            _failed = true;
            try
            {
                _stream.SetLength(_complete);
            }
            catch (IOException)
            {
                // The rows before are intact; a cut-off last line is also what --resume drops and redoes.
            }

            throw new MlPipelineException(ExitCode.OutputError, $"Cannot write to {_name}: {e.Message} (every row before this one is kept; --resume continues)", e);
        }
    }

    public void Dispose()
    {
        // After a failure the writer still holds the row that did not fit: flushing it again would cut the file anew.
        if (!_failed)
        {
            _writer.Dispose();
        }

        _stream.Dispose();
    }
}
