namespace MlPipeline.Core.Dataset;

/// <summary>realpath(3) semantics: an absolute path with every symbolic link in it resolved.</summary>
internal static class RealPath
{
    // Linux gives up after 40 links in one lookup (ELOOP); a loop of links never resolves.
    private const int MaxLinks = 40;

    /// <summary>The link-free path of <paramref name="path"/>, or null when its links loop or nest too deep.</summary>
    public static string? Resolve(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string? Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            // FileInfo reads the link itself whatever it points to (a file, a folder, or nothing).
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            var resolved = Resolve(Path.GetFullPath(Path.Combine(current, target)), ref links);
            if (resolved is null)
            {
                return null;
            }

            current = resolved;
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> lies strictly below <paramref name="folder"/> (both real paths).</summary>
    public static bool IsInside(string path, string folder) =>
        path.Length > folder.Length
        && path.StartsWith(folder, StringComparison.Ordinal)
        && (path[folder.Length] == Path.DirectorySeparatorChar || folder.EndsWith(Path.DirectorySeparatorChar));
}
