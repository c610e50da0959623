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
        ArgumentNullException.ThrowIfNull(items);
        return Create(items, label, validationFraction, seed, group: null);
    }

    /// <summary>
    /// Splits <paramref name="items"/> keeping every group (such as copies of one file, sharing a content hash)
    /// whole on one side, so that no copy of a validation image is trained on.
    /// </summary>
    /// <param name="items">What to split.</param>
    /// <param name="label">Each item's class.</param>
    /// <param name="validationFraction">Share of each class held out, in [0, 1).</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <param name="group">Each item's group key; null makes every item its own group.</param>
    public static Split<T> Create<T>(IReadOnlyList<T> items, Func<T, string> label, double validationFraction, int seed, Func<T, string>? group)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(label);
        if (!(validationFraction is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in [0, 1)");
        }

        var validation = new HashSet<int>();
        var byClass = Enumerable.Range(0, items.Count)
            .GroupBy(i => label(items[i]), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var cls in byClass)
        {
            // Groups in first-appearance order; with no grouping this is exactly the old per-item shuffle.
            var groups = group is null
                ? [.. cls.Select(i => new[] { i })]
                : cls.GroupBy(i => group(items[i]), StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
            // A per-class generator keeps one class's split stable when other classes gain or lose images.
            new Random(unchecked((seed * 397) ^ StableHash(cls.Key))).Shuffle(groups);
            var wanted = ValidationCount(cls.Count(), validationFraction);
            var held = 0;
            foreach (var members in groups.Where(_ => groups.Length > 1))
            {
                // Groups that would overshoot are passed over, so big groups of copies stay in training.
                if (held + members.Length <= wanted && held + members.Length < cls.Count())
                {
                    validation.UnionWith(members);
                    held += members.Length;
                }
            }
        }

        var train = new List<T>();
        var heldOut = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            (validation.Contains(i) ? heldOut : train).Add(items[i]);
        }

        return new Split<T>(train, heldOut);
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
