using System.Globalization;

namespace MlPipeline.Core.IO;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so readers never see a half-written file and a
/// crash or Ctrl+C leaves the previous version (or nothing) in place.
/// </summary>
/// <remarks>
/// Temporary files are named <c>.NAME.PID.GUID.tmp</c>. A process killed with SIGKILL cannot delete its own, so
/// every save first removes those at the same path whose process is gone.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path, then moves it over <paramref name="path"/>.</summary>
    /// <exception cref="MlPipelineException">Exit 5: the write or the move failed (disk full, read-only, ...).</exception>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        RemoveStaleTemporaries(full);
        var temp = TempSibling(full);
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.OutputError, $"Cannot write {path}: {e.Message}", e);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string contents) =>
        Write(path, temp => File.WriteAllText(temp, contents));

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, byte[] contents) =>
        Write(path, temp => File.WriteAllBytes(temp, contents));

    /// <summary>
    /// Fails early, before any long work, when the folder of <paramref name="path"/> cannot be created or written.
    /// </summary>
    /// <exception cref="MlPipelineException">The output location is not writable.</exception>
    public static void EnsureWritable(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new MlPipelineException(ExitCode.OutputError, $"Output path is a folder, expected a file: {path}");
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var probe = TempSibling(full);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.OutputError, $"Cannot write to {path}: {e.Message}", e);
        }
    }

    /// <summary>Deletes the temporary siblings of <paramref name="full"/> left by processes that no longer run.</summary>
    public static void RemoveStaleTemporaries(string full)
    {
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        var prefix = $".{Path.GetFileName(full)}.";
        foreach (var temp in Directory.EnumerateFiles(folder, $"{prefix}*.tmp"))
        {
            var parts = Path.GetFileName(temp)[prefix.Length..].Split('.');
            if (parts is [var pid, _, "tmp"] && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && !LiveProcesses.IsRunning(id))
            {
                TryDelete(temp);
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
            // Best effort: the next save of this path removes it once this process has gone.
        }
    }

    // Same folder as the target so the final move is a rename on one file system; the PID lets a later save tell
    // a dead writer's leftovers from a live one's.
    private static string TempSibling(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
}
