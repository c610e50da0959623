using System.Security.Cryptography;

namespace MlPipeline.Core;

/// <summary>
/// SHA-256 as lower-case hex, the one spelling that manifests, caches, fingerprints and duplicate checks compare,
/// so a hash written by one part matches the same bytes hashed by another.
/// </summary>
public static class ContentHash
{
    /// <summary>The hash of bytes in memory.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hash of a stream's remaining bytes.</summary>
    public static string Sha256(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    /// <summary>The hash of a file's bytes, read as a stream.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Sha256(stream);
    }
}
