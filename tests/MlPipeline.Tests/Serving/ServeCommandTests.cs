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

    [Theory]
    [InlineData("https://127.0.0.1:5000", "plain HTTP only; put a TLS proxy in front")]
    [InlineData("ftp://127.0.0.1:5000", "only http:// addresses")]
    [InlineData("http://127.0.0.1:70000", "the port must be a number from 0 to 65535")]
    [InlineData("http://127.0.0.1:5000;https://0.0.0.0:5001", "plain HTTP only")]
    public async Task Addresses_serve_cannot_listen_on_are_one_line_usage_errors(string urls, string message)
    {
        var run = await CliHarness.RunAsync("serve", "--model", _root.File("m.zip"), "--urls", urls);

        CliAssert.OneLineError(run, ExitCode.UsageError, message);
    }

    [Fact]
    public async Task An_empty_api_key_file_is_a_usage_error()
    {
        var key = _root.File("key.txt");
        await File.WriteAllTextAsync(key, " \n");

        var run = await CliHarness.RunAsync("serve", "--model", _root.File("m.zip"), "--api-key-file", key);

        CliAssert.OneLineError(run, ExitCode.UsageError, "--api-key-file");
    }

    [Fact]
    public async Task A_buffer_budget_below_the_body_limit_is_a_usage_error()
    {
        var run = await CliHarness.RunAsync("serve", "--model", _root.File("m.zip"), "--max-body-size", "10MB", "--max-buffered-size", "1MB");

        CliAssert.OneLineError(run, ExitCode.UsageError, "--max-buffered-size");
    }
}
