using MlPipeline.Core.Dataset;

namespace MlPipeline.Tests.Dataset;

public sealed class StratifiedSplitTests
{
    private static readonly IReadOnlyList<string> Items =
    [
        .. Enumerable.Range(0, 10).Select(i => $"a{i}"),
        .. Enumerable.Range(0, 5).Select(i => $"b{i}"),
        .. Enumerable.Range(0, 2).Select(i => $"c{i}"),
        "d0",
    ];

    private static string LabelOf(string item) => item[..1];

    [Fact]
    public void Each_class_is_cut_at_the_fraction_with_at_least_one_on_each_side()
    {
        var split = StratifiedSplit.Create(Items, LabelOf, 0.2, seed: 1);

        Assert.Equal(2, split.Validation.Count(i => LabelOf(i) == "a"));
        Assert.Equal(1, split.Validation.Count(i => LabelOf(i) == "b"));
        Assert.Equal(1, split.Validation.Count(i => LabelOf(i) == "c"));
        Assert.Equal(1, split.Train.Count(i => LabelOf(i) == "c"));
        Assert.Equal(Items.Count, split.Train.Count + split.Validation.Count);
        Assert.Empty(split.Train.Intersect(split.Validation));
    }

    [Fact]
    public void A_single_image_class_goes_to_training_only()
    {
        var split = StratifiedSplit.Create(Items, LabelOf, 0.2, seed: 1);

        Assert.Contains("d0", split.Train);
        Assert.DoesNotContain("d0", split.Validation);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var first = StratifiedSplit.Create(Items, LabelOf, 0.4, seed: 7);
        var again = StratifiedSplit.Create(Items, LabelOf, 0.4, seed: 7);
        var other = Enumerable.Range(0, 20).Select(s => StratifiedSplit.Create(Items, LabelOf, 0.4, seed: 100 + s));

        Assert.Equal(first.Validation, again.Validation);
        Assert.Contains(other, o => !o.Validation.SequenceEqual(first.Validation));
    }

    [Fact]
    public void A_zero_fraction_holds_nothing_out()
    {
        var split = StratifiedSplit.Create(Items, LabelOf, 0, seed: 1);

        Assert.Empty(split.Validation);
        Assert.Equal(Items, split.Train);
    }

    [Theory]
    [InlineData(1, 0.2, 0)]
    [InlineData(2, 0.2, 1)]
    [InlineData(2, 0.9, 1)]
    [InlineData(10, 0.25, 3)]
    [InlineData(100, 0.2, 20)]
    public void Validation_count_rounds_and_keeps_both_sides(int count, double fraction, int expected) =>
        Assert.Equal(expected, StratifiedSplit.ValidationCount(count, fraction));
}
