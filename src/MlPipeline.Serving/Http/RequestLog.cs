using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MlPipeline.Serving.Http;

/// <summary>
/// One log line per request, written once its status is final: method, route, status, milliseconds, image count,
/// for <c>/predict</c> the label and its confidence, and the client address. A 4xx is a warning and a 5xx an error,
/// which <c>--quiet</c> keeps.
/// </summary>
internal sealed class RequestLog(ILogger logger)
{
    private static readonly object Key = new();

    /// <summary>What the endpoint scored, for the line (and nothing for requests that scored nothing).</summary>
    public static void Record(HttpContext context, int images, string? label = null, float? confidence = null) =>
        context.Items[Key] = new Facts(images, label, confidence);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var level = LevelOf(status);
            if (logger.IsEnabled(level))
            {
                Write(context, level, status, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
            }
        }
    }

    /// <summary>The level a request's line is written at: a client's mistake is a warning, the service's failure an error.</summary>
    private static LogLevel LevelOf(int status) => status switch
    {
        >= 500 => LogLevel.Error,
        >= 400 => LogLevel.Warning,
        _ => LogLevel.Information,
    };

    private void Write(HttpContext context, LogLevel level, int status, double elapsed)
    {
        // The route pattern, not the path: query strings and unknown paths must not flood a log with distinct keys.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        var facts = context.Items[Key] as Facts;
        if (facts is { Label: { } label, Confidence: { } confidence })
        {
            var rounded = Math.Round(confidence, 4);
            ServeLog.Prediction(logger, level, context.Request.Method, route, status, elapsed, facts.Images, label, rounded, client);
        }
        else
        {
            ServeLog.Request(logger, level, context.Request.Method, route, status, elapsed, facts?.Images ?? 0, client);
        }
    }

    private sealed record Facts(int Images, string? Label, float? Confidence);
}
