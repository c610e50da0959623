namespace MlPipeline.Core.IO;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so readers never see a half-written file and a
/// crash or Ctrl+C leaves the previous version (or nothing) in place.
/// </summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> with a temporary path, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = TempSibling(full);
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
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

    // Same folder as the target so the final move is a rename on one file system.
    private static string TempSibling(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
}
