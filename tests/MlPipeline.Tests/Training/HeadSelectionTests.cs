using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Training;

namespace MlPipeline.Tests.Training;

/// <summary>The head's scaling and L2 chosen on validation, on synthetic features where the better setting is known.</summary>
public sealed class HeadSelectionTests
{
    private static readonly string[] Classes = ["a", "b", "c"];
    private readonly ClassifierHead _head = new(new MLContext(seed: 1), Classes, new VectorDataViewType(NumberDataViewType.Single, 3));

    [Fact]
    public void On_well_separated_classes_the_weaker_L2_wins_by_its_lower_validation_log_loss()
    {
        var (train, validation) = (Clusters(30, offset: 0, seed: 1), Clusters(15, offset: 0, seed: 2));
        HeadSettings strong = new(FeatureScaling.MinMax, 0, 10), weak = new(FeatureScaling.MinMax, 0, 1e-3f);

        var (model, choice) = HeadSelection.Fit(_head, train, validation, [strong, weak]);

        // Both classify every validation image right; the strongly regularized head is just less sure of them.
        var strongScore = HeadSelection.Score(_head, _head.Fit(train, strong), validation);
        Assert.Equal(1.0, strongScore.Accuracy);
        Assert.Equal(weak.L2, choice.L2, 1e-9);
        Assert.Equal(2, choice.Candidates);
        Assert.NotNull(choice.Validation);
        Assert.Equal(1.0, choice.Validation.Accuracy);
        Assert.True(choice.Validation.LogLoss < strongScore.LogLoss);
        Assert.Equal(choice.Validation, HeadSelection.Score(_head, model, validation));
    }

    [Fact]
    public void A_signal_riding_on_a_large_constant_is_lost_by_min_max_scaling_and_kept_by_standardization()
    {
        // Min-max keeps zero at zero and divides by the largest magnitude (about 1000 here), so a class difference
        // of a few units shrinks to thousandths, which the L2 penalty then keeps the weights from recovering.
        var (train, validation) = (Clusters(30, offset: 1000, seed: 1), Clusters(15, offset: 1000, seed: 2));
        HeadSettings minMax = new(FeatureScaling.MinMax, 0, 1e-1f), standardize = new(FeatureScaling.Standardize, 0, 1e-1f);

        var (_, choice) = HeadSelection.Fit(_head, train, validation, [minMax, standardize]);

        var minMaxScore = HeadSelection.Score(_head, _head.Fit(train, minMax), validation);
        Assert.Equal(HeadSettings.StandardizeName, choice.Scaling);
        Assert.NotNull(choice.Validation);
        Assert.True(choice.Validation.Beats(minMaxScore), $"{choice.Validation} should beat min-max's {minMaxScore}");
    }

    [Fact]
    public void With_nothing_held_out_the_head_is_fitted_with_MLNET_defaults_and_no_score()
    {
        var (_, choice) = HeadSelection.Fit(_head, Clusters(10, offset: 0, seed: 1), []);

        Assert.Equal(HeadSettings.MinMaxName, choice.Scaling);
        Assert.Equal(HeadSettings.Default.L1, choice.L1, 1e-9);
        Assert.Equal(HeadSettings.Default.L2, choice.L2, 1e-9);
        Assert.Null(choice.Validation);
        Assert.Equal(1, choice.Candidates);
    }

    /// <summary>Three classes, each a tight cluster (spread ±0.5) around its own corner of a 3-unit cube, shifted by <paramref name="offset"/>.</summary>
    private static List<FeaturizedImage> Clusters(int perClass, float offset, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, perClass * Classes.Length).Select(i =>
        {
            var label = i % Classes.Length;
            var features = Enumerable.Range(0, 3).Select(f => offset + (f == label ? 3f : 0f) + (float)(random.NextDouble() - 0.5)).ToArray();
            var name = Classes[label];
            return new FeaturizedImage(new LabeledImage($"/{name}/{i}.png", $"{name}/{i}.png", name), features, $"{seed}-{i}");
        })];
    }
}
