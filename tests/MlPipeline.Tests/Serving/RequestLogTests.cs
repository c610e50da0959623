using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlPipeline.Serving.Http;

namespace MlPipeline.Tests.Serving;

/// <summary>
/// The request line's fields and level, without a server: a 500 cannot be provoked from outside a real process, so
/// that <c>--quiet</c> (a Warning threshold) keeps it is checked here; ServeProcessTests checks the lines as written.
/// </summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task A_prediction_is_one_information_line_with_its_fields()
    {
        var logger = new ListLogger(LogLevel.Information);
        var context = Request("10.1.2.3");

        await new RequestLog(logger).InvokeAsync(context, c =>
        {
            RequestLog.Record(c, 1, "circle", 0.973_14f);
            return Task.CompletedTask;
        });

        var (level, fields) = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal("POST", fields["Method"]);
        Assert.Equal(200, fields["Status"]);
        Assert.Equal(1, fields["Images"]);
        Assert.Equal("circle", fields["Label"]);
        Assert.Equal(0.9731, (double)fields["Confidence"]!, 1e-6);
        Assert.Equal("10.1.2.3", fields["Client"]);
        Assert.IsType<double>(fields["ElapsedMs"]);
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(400, LogLevel.Warning)]
    [InlineData(401, LogLevel.Warning)]
    [InlineData(500, LogLevel.Error)]
    [InlineData(503, LogLevel.Error)]
    public async Task Under_quiet_only_failed_requests_are_logged(int status, LogLevel? expected)
    {
        var logger = new ListLogger(LogLevel.Warning);

        await new RequestLog(logger).InvokeAsync(Request("127.0.0.1"), c =>
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        });

        Assert.Equal(expected is { } level ? [level] : [], logger.Lines.Select(l => l.Level));
    }

    private static DefaultHttpContext Request(string client)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/predict";
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(client);
        return context;
    }

    /// <summary>Keeps each line's level and structured fields, at or above a threshold as a logging filter would.</summary>
    private sealed class ListLogger(LogLevel threshold) : ILogger
    {
        public List<(LogLevel Level, Dictionary<string, object?> Fields)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= threshold;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var fields = ((IEnumerable<KeyValuePair<string, object?>>)state!).ToDictionary(p => p.Key, p => p.Value);
                Lines.Add((logLevel, fields));
            }
        }
    }
}
