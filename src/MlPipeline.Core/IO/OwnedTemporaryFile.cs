using System.Globalization;

namespace MlPipeline.Core.IO;

/// <summary>
/// A scratch file that belongs to this process, named <c>PREFIX-PID-GUID.EXT</c>: removed on dispose, so an error or
/// Ctrl+C anywhere after it is created leaves nothing; and since SIGKILL gives no chance to, the next process that
/// creates one with the same prefix removes those whose process has gone, as <see cref="AtomicFile"/> does with its own.
/// </summary>
public sealed class OwnedTemporaryFile : IDisposable
{
    private OwnedTemporaryFile(string path) => Path = path;

    /// <summary>Where to write; the file itself is not created.</summary>
    public string Path { get; }

    /// <summary>Names a new file in <paramref name="folder"/> (the system's temporary folder when null), first removing stale ones.</summary>
    public static OwnedTemporaryFile Create(string prefix, string extension, string? folder = null)
    {
        folder ??= System.IO.Path.GetTempPath();
        RemoveStale(folder, prefix, extension);
        return new OwnedTemporaryFile(System.IO.Path.Combine(folder, $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}"));
    }

    /// <inheritdoc />
    public void Dispose() => TryDelete(Path);

    private static void RemoveStale(string folder, string prefix, string extension)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, $"{prefix}-*{extension}"))
        {
            var parts = System.IO.Path.GetFileName(file)[(prefix.Length + 1)..^extension.Length].Split('-');
            if (parts is [var pid, _] && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && !LiveProcesses.IsRunning(id))
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next process to create one removes it once this one has gone.
        }
    }
}
