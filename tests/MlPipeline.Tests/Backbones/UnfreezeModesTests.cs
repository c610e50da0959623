using MlPipeline.Core.Backbones;

namespace MlPipeline.Tests.Backbones;

public sealed class UnfreezeModesTests
{
    [Theory]
    [InlineData(UnfreezeMode.None, "none")]
    [InlineData(UnfreezeMode.LastStage, "last-stage")]
    [InlineData(UnfreezeMode.All, "all")]
    public void Each_mode_has_its_command_line_name_both_ways(UnfreezeMode mode, string name)
    {
        Assert.Equal(name, mode.Name());
        Assert.Equal(mode, UnfreezeModes.Parse(name));
    }

    [Fact]
    public void An_unknown_name_is_refused() => Assert.Throws<ArgumentException>(() => UnfreezeModes.Parse("last_stage"));
}
