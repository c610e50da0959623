using System.Buffers.Binary;

namespace MlPipeline.Core.Dataset;

/// <summary>
/// A compact set of content hashes: the first 8 bytes of each SHA-256, sorted, base64 (about 11 characters an
/// image). Two different files share a prefix with probability about n·m / 2^64: for 100,000 training images and
/// 100,000 evaluated ones, about 5e-10, so a reported overlap is a real one.
/// </summary>
public sealed class ContentHashSet
{
    private readonly ulong[] _sorted;

    private ContentHashSet(ulong[] sorted) => _sorted = sorted;

    /// <summary>Number of distinct hashes held.</summary>
    public int Count => _sorted.Length;

    /// <summary>Encodes hex SHA-256 hashes (duplicates count once).</summary>
    public static string Encode(IEnumerable<string> contentSha256)
    {
        ArgumentNullException.ThrowIfNull(contentSha256);
        var prefixes = contentSha256.Select(Prefix).Distinct().Order().ToArray();
        var bytes = new byte[prefixes.Length * sizeof(ulong)];
        for (var i = 0; i < prefixes.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(i * sizeof(ulong)), prefixes[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Reads an encoded set.</summary>
    /// <exception cref="FormatException">Not what <see cref="Encode"/> writes.</exception>
    public static ContentHashSet Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var bytes = Convert.FromBase64String(encoded);
        if (bytes.Length % sizeof(ulong) != 0)
        {
            throw new FormatException($"a hash set holds whole 8-byte prefixes, got {bytes.Length} bytes");
        }

        var sorted = new ulong[bytes.Length / sizeof(ulong)];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(i * sizeof(ulong)));
            if (i > 0 && sorted[i] <= sorted[i - 1])
            {
                throw new FormatException("a hash set's prefixes must be sorted and distinct");
            }
        }

        return new ContentHashSet(sorted);
    }

    /// <summary>Whether a file with this hex SHA-256 is in the set.</summary>
    public bool Contains(string contentSha256) => Array.BinarySearch(_sorted, Prefix(contentSha256)) >= 0;

    private static ulong Prefix(string contentSha256) => ulong.Parse(contentSha256.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
