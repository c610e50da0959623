using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlPipeline.Core.Prediction.Sharding;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a folder's images. An image belongs to the shard numbered by the
/// SHA-256 of its UTF-8 relative path (first 8 bytes, big-endian, modulo the count): the same on every machine,
/// process and .NET version, unlike <see cref="string.GetHashCode()"/>, and independent of which other files exist,
/// so adding images to the folder never moves the others between shards.
/// </summary>
/// <param name="Index">Zero-based shard number, in [0, <paramref name="Count"/>).</param>
/// <param name="Count">How many shards the folder is split into (at least 1).</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The shard number of a relative path (forward slashes, as predict writes it).</summary>
    public static int Of(string relativePath, int count)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(relativePath), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>Whether the image at this relative path is this shard's.</summary>
    public bool Contains(string relativePath) => Of(relativePath, Count) == Index;

    /// <summary>This shard's inputs, in the order given.</summary>
    public IReadOnlyList<PredictionInput> Select(IReadOnlyList<PredictionInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return [.. inputs.Where(i => Contains(i.RelativePath))];
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
