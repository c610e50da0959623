using MlPipeline.Core.Evaluation.Metrics;

namespace MlPipeline.Tests.Evaluation;

public sealed class InterpretationTests
{
    private static readonly string[] Classes = ["cat", "dog", "bird"];

    [Fact]
    public void Most_confused_lists_off_diagonal_cells_most_frequent_first()
    {
        var pairs = Interpretation.MostConfused(SampleReports.CatsAndDogs());

        Assert.Equal([new ConfusedPair("dog", "cat", 2), new ConfusedPair("cat", "dog", 1)], pairs);
    }

    [Fact]
    public void Most_confused_honours_a_minimum_count()
    {
        Assert.Equal([new ConfusedPair("dog", "cat", 2)], Interpretation.MostConfused(SampleReports.CatsAndDogs(), minCount: 2));
    }

    [Fact]
    public void Worst_mistakes_rank_by_probability_of_the_wrong_class_and_skip_right_answers()
    {
        EvaluatedImage[] images =
        [
            Image("a.jpg", "cat", "cat", [0.99f, 0.01f, 0]),
            Image("b.jpg", "cat", "dog", [0.4f, 0.6f, 0]),
            Image("c.jpg", "dog", "bird", [0.05f, 0.05f, 0.9f]),
            Image("d.jpg", "dog", "cat", [0.7f, 0.3f, 0]),
        ];

        var worst = Interpretation.WorstMistakes(images, Classes);

        Assert.Equal(["c.jpg", "d.jpg", "b.jpg"], worst.Select(m => m.Image.RelativePath));
        Assert.Equal(0.9, worst[0].PredictedProbability, 6);
        Assert.Equal(0.05, worst[0].TrueProbability, 6);
    }

    [Fact]
    public void Worst_mistakes_break_ties_by_lower_true_probability_then_path_and_take_the_top_count()
    {
        EvaluatedImage[] images =
        [
            Image("z.jpg", "cat", "dog", [0.2f, 0.8f, 0]),
            Image("y.jpg", "bird", "dog", [0.2f, 0.8f, 0]),
            Image("x.jpg", "cat", "dog", [0.1f, 0.8f, 0.1f]),
        ];

        var worst = Interpretation.WorstMistakes(images, Classes, count: 2);

        Assert.Equal(["y.jpg", "x.jpg"], worst.Select(m => m.Image.RelativePath));
    }

    private static EvaluatedImage Image(string name, string truth, string predicted, float[] scores) =>
        new($"/data/{name}", name, truth, predicted, scores);
}
