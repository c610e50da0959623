namespace MlPipeline.ImageGen;

/// <summary>
/// SplitMix64. System.Random's seeded sequence is an implementation detail of the runtime, so the
/// committed sample data and fixtures use this fixed, documented algorithm to stay byte-identical.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong state = seed;

    /// <summary>A generator for one item of a larger set, independent of how many other items exist.</summary>
    public static DeterministicRandom For(int seed, string name, int index)
    {
        // Seeding from the class name (not its position) keeps each class's images unchanged
        // when classes are added or reordered.
        ulong nameHash = 14695981039346656037UL;
        foreach (char c in name)
        {
            nameHash = (nameHash ^ c) * 1099511628211UL;
        }

        var mixer = new DeterministicRandom(((ulong)(uint)seed << 32) ^ nameHash);
        return new DeterministicRandom(mixer.NextUInt64() + (ulong)index);
    }

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform in [minInclusive, maxInclusive].</summary>
    public int NextInt(int minInclusive, int maxInclusive) =>
        minInclusive + (int)(NextUInt64() % (ulong)((long)maxInclusive - minInclusive + 1));

    public bool NextBool() => (NextUInt64() & 1) == 0;

    public void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)NextUInt64();
        }
    }
}
