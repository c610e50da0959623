namespace MlPipeline.Core.Dataset;

/// <summary>Files with the same bytes (one content hash) under two or more classes: no label can be right for both.</summary>
/// <param name="ContentSha256">The shared hash.</param>
/// <param name="Labels">The classes they sit under, sorted.</param>
/// <param name="RelativePaths">Every copy, sorted.</param>
public sealed record LabelConflict(string ContentSha256, IReadOnlyList<string> Labels, IReadOnlyList<string> RelativePaths);

/// <summary>What <see cref="ContentDuplicates.Resolve"/> kept and left out.</summary>
/// <param name="Kept">Items to train on: label conflicts removed, copies within a class kept (split as one group).</param>
/// <param name="DuplicateCopies">Extra copies within a class (a file present three times counts 2).</param>
/// <param name="Conflicts">Label conflicts, all of whose files were left out.</param>
public sealed record DuplicateResolution<T>(IReadOnlyList<T> Kept, int DuplicateCopies, IReadOnlyList<LabelConflict> Conflicts);

/// <summary>Exact duplicates by content hash, found from hashes already computed while decoding (no second read).</summary>
public static class ContentDuplicates
{
    /// <summary>Leaves out every file of a label conflict and counts the copies within classes.</summary>
    public static DuplicateResolution<T> Resolve<T>(IReadOnlyList<T> items, Func<T, string> label, Func<T, string> contentSha256, Func<T, string> relativePath)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(contentSha256);
        ArgumentNullException.ThrowIfNull(relativePath);
        var conflicts = new List<LabelConflict>();
        var conflicted = new HashSet<string>(StringComparer.Ordinal);
        var copies = 0;
        foreach (var same in items.GroupBy(contentSha256, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var labels = same.Select(label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (labels.Count > 1)
            {
                conflicted.Add(same.Key);
                conflicts.Add(new LabelConflict(same.Key, labels, [.. same.Select(relativePath).Order(StringComparer.Ordinal)]));
            }
            else
            {
                copies += same.Count() - 1;
            }
        }

        return new DuplicateResolution<T>(
            [.. items.Where(i => !conflicted.Contains(contentSha256(i)))],
            copies,
            [.. conflicts.OrderBy(c => c.RelativePaths[0], StringComparer.Ordinal)]);
    }
}
