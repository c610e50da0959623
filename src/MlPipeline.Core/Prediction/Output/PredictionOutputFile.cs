using MlPipeline.Core.IO;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// Opens the file rows are appended to. Rows go straight into the final file, flushed one by one, rather than
/// through a temporary file and a rename: a killed job then keeps every finished row for <c>--resume</c>.
/// </summary>
internal static class PredictionOutputFile
{
    /// <summary>Replaces any existing file with an empty one in a single step, and opens it.</summary>
    public static RowFile CreateFresh(string path)
    {
        AtomicFile.WriteAllText(path, "");
        return Open(path, 0);
    }

    /// <summary>Opens an existing file after its last complete row, dropping a cut-off row after it.</summary>
    public static RowFile OpenAfter(string path, ResumeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Open(path, state.CompleteLength);
    }

    private static RowFile Open(string path, long length)
    {
        // No FileStream buffer: a row the disk refuses must fail in its own Commit, not in a later one.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            stream.SetLength(length);
            stream.Seek(0, SeekOrigin.End);
            return new RowFile(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
