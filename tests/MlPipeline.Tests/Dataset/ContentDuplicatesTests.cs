using MlPipeline.Core.Dataset;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 8, defect 3: copies stay on one side of the split, and the same bytes under two classes are a conflict.</summary>
public sealed class ContentDuplicatesTests
{
    private sealed record Item(string Path, string Label, string Hash);

    [Fact]
    public void Copies_within_a_class_never_straddle_the_split_whatever_the_seed()
    {
        // Three copies of one file among 17 unique images in class a, and 10 in class b.
        List<Item> items = [
            .. Enumerable.Range(0, 3).Select(i => new Item($"a/copy{i}.jpg", "a", "same")),
            .. Enumerable.Range(0, 17).Select(i => new Item($"a/{i}.jpg", "a", $"a{i}")),
            .. Enumerable.Range(0, 10).Select(i => new Item($"b/{i}.jpg", "b", $"b{i}")),
        ];

        for (var seed = 0; seed < 50; seed++)
        {
            var split = StratifiedSplit.Create(items, i => i.Label, 0.2, seed, i => i.Hash);

            var copiesInValidation = split.Validation.Count(i => i.Hash == "same");
            Assert.True(copiesInValidation is 0 or 3, $"seed {seed}: {copiesInValidation} of 3 copies held out");
            Assert.Equal(items.Count, split.Train.Count + split.Validation.Count);
            Assert.Equal(4, split.Validation.Count(i => i.Label == "a"));
            Assert.Equal(2, split.Validation.Count(i => i.Label == "b"));
        }
    }

    [Fact]
    public void Without_groups_the_split_is_unchanged()
    {
        var items = Enumerable.Range(0, 30).Select(i => new Item($"{i}", i % 3 == 0 ? "a" : "b", $"{i}")).ToList();

        var plain = StratifiedSplit.Create(items, i => i.Label, 0.3, 7);
        var grouped = StratifiedSplit.Create(items, i => i.Label, 0.3, 7, i => i.Hash);

        Assert.Equal(plain.Validation, grouped.Validation);
    }

    [Fact]
    public void The_same_bytes_under_two_classes_are_left_out_and_listed()
    {
        List<Item> items = [
            new("cat/1.jpg", "cat", "h1"), new("cat/2.jpg", "cat", "h2"), new("cat/2-copy.jpg", "cat", "h2"),
            new("dog/1.jpg", "dog", "h3"), new("dog/x.jpg", "dog", "h1"),
        ];

        var resolution = ContentDuplicates.Resolve(items, i => i.Label, i => i.Hash, i => i.Path);

        Assert.Equal(["cat/2.jpg", "cat/2-copy.jpg", "dog/1.jpg"], resolution.Kept.Select(i => i.Path));
        Assert.Equal(1, resolution.DuplicateCopies);
        var conflict = Assert.Single(resolution.Conflicts);
        Assert.Equal(["cat", "dog"], conflict.Labels);
        Assert.Equal(["cat/1.jpg", "dog/x.jpg"], conflict.RelativePaths);
    }

    [Fact]
    public void NaN_and_infinite_fractions_are_refused_by_the_split()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Create(["a"], i => i, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplit.Create(["a"], i => i, double.PositiveInfinity, 1));
    }
}
