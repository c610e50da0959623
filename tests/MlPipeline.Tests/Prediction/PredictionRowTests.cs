using MlPipeline.Core.Prediction.Output;

namespace MlPipeline.Tests.Prediction;

public sealed class PredictionRowTests
{
    private static readonly string[] Classes = ["circle", "square", "triangle", "star"];

    [Fact]
    public void Top_k_lists_the_most_likely_classes_first()
    {
        var row = PredictionRow.FromScores("a.png", Classes, [0.1f, 0.2f, 0.6f, 0.1f], topK: 2, minConfidence: 0);

        Assert.Equal("triangle", row.Label);
        Assert.Equal(0.6f, row.Confidence);
        Assert.Equal([new("triangle", 0.6f), new LabelProbability("square", 0.2f)], row.Top);
        Assert.Null(row.Error);
    }

    [Fact]
    public void Top_k_beyond_the_class_count_lists_every_class()
    {
        var row = PredictionRow.FromScores("a.png", Classes, [0.1f, 0.2f, 0.6f, 0.1f], topK: 10, minConfidence: 0);

        Assert.Equal(4, row.Top.Count);
    }

    [Fact]
    public void Ties_go_to_the_first_class_like_the_models_own_argmax()
    {
        var row = PredictionRow.FromScores("a.png", Classes, [0.1f, 0.4f, 0.1f, 0.4f], topK: 4, minConfidence: 0);

        Assert.Equal("square", row.Label);
        Assert.Equal(["square", "star", "circle", "triangle"], row.Top.Select(p => p.Label));
    }

    [Theory]
    [InlineData(0.0, "triangle")]
    [InlineData(0.6, "triangle")]
    [InlineData(0.61, PredictionRow.UnknownLabel)]
    public void Below_min_confidence_the_label_is_unknown_but_probabilities_stay(double minConfidence, string label)
    {
        var row = PredictionRow.FromScores("a.png", Classes, [0.1f, 0.2f, 0.6f, 0.1f], topK: 3, minConfidence);

        Assert.Equal(label, row.Label);
        Assert.Equal(0.6f, row.Confidence);
        Assert.Equal("triangle", row.Top[0].Label);
    }

    [Fact]
    public void Scores_must_match_the_classes()
    {
        Assert.Throws<ArgumentException>(() => PredictionRow.FromScores("a.png", Classes, [1f], topK: 1, minConfidence: 0));
    }
}
