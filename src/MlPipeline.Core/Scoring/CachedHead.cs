using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// The head's numbers and the model's class names as the scoring cache keeps them, with a SHA-256 of that content:
/// a moved bias or an edited class name in the cache file is noticed on read, so the entry is read again from the zip.
/// </summary>
/// <param name="Classes">The model's class names, in score order.</param>
/// <param name="Scale">See <see cref="HeadParameters"/>.</param>
/// <param name="Offset">See <see cref="HeadParameters"/>.</param>
/// <param name="Weights">See <see cref="HeadParameters"/>.</param>
/// <param name="Biases">See <see cref="HeadParameters"/>.</param>
/// <param name="Sha256">The hash of everything else, bound to the cache key so an entry copied under another key fails too.</param>
internal sealed record CachedHead(IReadOnlyList<string> Classes, float[] Scale, float[] Offset, float[] Weights, float[] Biases, string Sha256)
{
    public HeadParameters Head => new(Scale, Offset, Weights, Biases);

    public static CachedHead Create(string key, IReadOnlyList<string> classes, HeadParameters head) =>
        new(classes, head.Scale, head.Offset, head.Weights, head.Biases, ContentHash(key, classes, head.Scale, head.Offset, head.Weights, head.Biases));

    /// <summary>The entry at <paramref name="path"/>; null when it is missing, unreadable, or its content does not match its hash.</summary>
    public static CachedHead? Read(string path, string key)
    {
        try
        {
            var head = JsonSerializer.Deserialize<CachedHead>(File.ReadAllText(path), ModelStore.Json);
            return head is { Classes: not null, Scale: not null, Offset: not null, Weights: not null, Biases: not null, Sha256: not null }
                && head.Sha256 == ContentHash(key, head.Classes, head.Scale, head.Offset, head.Weights, head.Biases)
                && head.Classes.Count == head.Biases.Length && head.Scale.Length == head.Offset.Length
                && head.Weights.Length == head.Classes.Count * head.Scale.Length
                    ? head
                    : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    // Over the numbers' bits rather than the JSON text, so the hash does not depend on how floats are formatted;
    // every part is length-prefixed so that moving a value from one part to the next changes it.
    private static string ContentHash(string key, IReadOnlyList<string> classes, float[] scale, float[] offset, float[] weights, float[] biases)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Append(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        Append(Encoding.UTF8.GetBytes(key));
        hash.AppendData(BitConverter.GetBytes(classes.Count));
        foreach (var name in classes)
        {
            Append(Encoding.UTF8.GetBytes(name ?? ""));
        }

        foreach (var values in new[] { scale, offset, weights, biases })
        {
            Append(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
