using MlPipeline.Core.Training.FineTuning;

namespace MlPipeline.Tests.Training.FineTuning;

public sealed class DivergenceGuardTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_loss_that_is_not_finite_has_diverged_even_in_the_first_epoch(double loss)
    {
        Assert.NotNull(DivergenceGuard.Problem(null, loss));
        Assert.NotNull(DivergenceGuard.Problem(0.7, loss));
    }

    [Fact]
    public void A_loss_more_than_ten_times_the_first_epochs_has_diverged()
    {
        Assert.Contains("more than 10 times", DivergenceGuard.Problem(0.5, 5.01), StringComparison.Ordinal);
        Assert.Null(DivergenceGuard.Problem(0.5, 5.0));
        Assert.Null(DivergenceGuard.Problem(0.5, 0.1));
    }

    [Fact]
    public void The_first_epoch_has_no_earlier_loss_to_be_compared_with()
    {
        Assert.Null(DivergenceGuard.Problem(null, 1e10));
    }
}
