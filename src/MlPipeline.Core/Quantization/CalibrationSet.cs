namespace MlPipeline.Core.Quantization;

/// <summary>Chooses calibration images from the training side of the split: every class represented, reproducibly.</summary>
internal static class CalibrationSet
{
    /// <summary>
    /// Up to <paramref name="count"/> images: each class shuffled with the seed, then taken round-robin across classes,
    /// so a small set still covers every class and the same data and seed always give the same set.
    /// </summary>
    public static IReadOnlyList<T> Choose<T>(IReadOnlyList<T> train, Func<T, string> label, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        var random = new Random(seed);
        var queues = train.GroupBy(label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var items = g.ToArray();
                random.Shuffle(items);
                return new Queue<T>(items);
            })
            .ToList();
        var chosen = new List<T>(Math.Min(count, train.Count));
        while (chosen.Count < count && queues.Any(q => q.Count > 0))
        {
            foreach (var queue in queues.Where(q => q.Count > 0))
            {
                if (chosen.Count < count)
                {
                    chosen.Add(queue.Dequeue());
                }
            }
        }

        return chosen;
    }
}
