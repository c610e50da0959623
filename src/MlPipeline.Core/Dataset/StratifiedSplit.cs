namespace MlPipeline.Core.Dataset;

/// <summary>A train/validation partition of items that carry a label.</summary>
public sealed record Split<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Validation);

/// <summary>
/// Stratified hold-out: each class is shuffled on its own and cut at the same fraction, so every class with
/// at least two items lands on both sides and the result depends only on the items, the fraction and the seed.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>Splits <paramref name="items"/>; order inside each side follows the input order.</summary>
    public static Split<T> Create<T>(IReadOnlyList<T> items, Func<T, string> label, double validationFraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validationFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(validationFraction, 1.0);

        var validation = new HashSet<int>();
        var byClass = Enumerable.Range(0, items.Count)
            .GroupBy(i => label(items[i]), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byClass)
        {
            var indices = group.ToArray();
            // A per-class generator keeps one class's split stable when other classes gain or lose images.
            new Random(unchecked((seed * 397) ^ StableHash(group.Key))).Shuffle(indices);
            validation.UnionWith(indices.Take(ValidationCount(indices.Length, validationFraction)));
        }

        var train = new List<T>();
        var held = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            (validation.Contains(i) ? held : train).Add(items[i]);
        }

        return new Split<T>(train, held);
    }

    /// <summary>How many of a class's <paramref name="count"/> items go to validation.</summary>
    public static int ValidationCount(int count, double validationFraction)
    {
        if (count < 2 || validationFraction <= 0)
        {
            return 0;
        }

        var wanted = (int)Math.Round(count * validationFraction, MidpointRounding.AwayFromZero);
        return Math.Clamp(wanted, 1, count - 1);
    }

    // string.GetHashCode and HashCode are randomized per process; the split must be the same on every run.
    private static int StableHash(string value)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }
}
