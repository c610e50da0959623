using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Tests.Training.FineTuning;

public sealed class OptimizerTests
{
    [Fact]
    public void AdamW_steps_match_the_update_worked_out_by_hand()
    {
        float[] parameter = [1.0f, -2.0f];
        var optimizer = new AdamW([parameter], weightDecay: 0.1f);

        optimizer.BeginStep();
        optimizer.Update(0, [0.5f, -1.0f], learningRate: 0.01f);
        optimizer.BeginStep();
        optimizer.Update(0, [0.25f, 2.0f], learningRate: 0.01f);

        // Worked out on paper, in float64, from Loshchilov and Hutter's algorithm:
        // step 1: m = 0.1 g, v = 0.001 g^2, m^ = g, v^ = g^2, so p = p (1 - 0.001) - 0.01 sign(g);
        //   p = [0.989, -1.988]
        // step 2: m = [0.9*0.05 + 0.1*0.25, 0.9*(-0.1) + 0.1*2] = [0.07, 0.11]; c1 = 0.19
        //   v = [0.999*0.00025 + 0.001*0.0625, 0.999*0.001 + 0.001*4] = [0.00031225, 0.004999]; c2 = 0.001999
        //   step = m/c1 / sqrt(v/c2) = [0.368421/0.395222, 0.578947/1.581372] = [0.932188, 0.366103]
        //   p = p (1 - 0.001) - 0.01 step = [0.988011 - 0.009322, -1.986012 - 0.003661] = [0.978689, -1.989673]
        Assert.Equal(0.978689, parameter[0], 4);
        Assert.Equal(-1.989673, parameter[1], 4);
    }

    [Fact]
    public void AdamW_updates_every_value_of_a_parameter_longer_than_its_chunks_alike()
    {
        // 10,000 values span several of the optimizer's chunks; each must get the scalar algorithm's value.
        var initial = Enumerable.Range(0, 10_000).Select(i => MathF.Sin(i * 0.37f)).ToArray();
        var gradient = Enumerable.Range(0, 10_000).Select(i => MathF.Cos(i * 0.11f) * 0.1f).ToArray();
        var parameter = (float[])initial.Clone();
        var optimizer = new AdamW([parameter], weightDecay: 0.1f);

        optimizer.BeginStep();
        optimizer.Update(0, gradient, learningRate: 0.01f);

        // First step, in float64: m^ = g, v^ = g^2, so p = p (1 - lr wd) - lr g / (|g| + eps).
        for (var i = 0; i < initial.Length; i++)
        {
            var expected = (initial[i] * (1 - 0.001)) - (0.01 * gradient[i] / (Math.Abs(gradient[i]) + 1e-8));
            Assert.Equal(expected, parameter[i], 1e-6);
        }
    }

    [Fact]
    public void One_cycle_warms_up_to_the_peak_then_anneals_towards_zero()
    {
        var schedule = new OneCycleSchedule(TotalSteps: 100);

        Assert.Equal(0.1, schedule.Factor(0), 6);
        Assert.Equal(1.0, schedule.Factor(25), 6);
        Assert.True(schedule.Factor(10) < schedule.Factor(20));
        Assert.True(schedule.Factor(60) > schedule.Factor(90));
        Assert.InRange(schedule.Factor(99), 0, 0.01);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    public void Settings_refuse_a_learning_rate_that_is_not_a_positive_number(double rate) =>
        Assert.Contains("--learning-rate", (FineTuneSettings.Default with { LearningRate = rate }).Problem(), StringComparison.Ordinal);

    [Fact]
    public void Settings_refuse_zero_epochs_and_batches_and_accept_the_defaults()
    {
        Assert.Contains("--epochs", (FineTuneSettings.Default with { Epochs = 0 }).Problem(), StringComparison.Ordinal);
        Assert.Contains("--batch-size", (FineTuneSettings.Default with { BatchSize = 0 }).Problem(), StringComparison.Ordinal);
        Assert.Null(FineTuneSettings.Default.Problem());
    }
}
