using MlPipeline.Core;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Serving;

/// <summary>Start-up failures of the serve verb: fast, no model scoring.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_missing_model_is_a_usage_error_before_anything_listens()
    {
        var run = await CliHarness.RunAsync("serve", "--model", _root.File("missing.zip"), "--urls", "http://127.0.0.1:0");

        CliAssert.OneLineError(run, ExitCode.UsageError);
    }

    [Theory]
    [InlineData("--max-body-size", "lots")]
    [InlineData("--max-concurrency", "0")]
    [InlineData("--queue-limit", "-1")]
    public async Task Bad_limits_are_usage_errors(string option, string value)
    {
        var run = await CliHarness.RunAsync("serve", "--model", _root.File("m.zip"), option, value);

        Assert.Equal((int)ExitCode.UsageError, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
    }
}
