using Microsoft.Extensions.Logging;

namespace MlPipeline.Serving;

/// <summary>The service's own log lines, through ASP.NET Core's logging, so <c>--log-format json</c> shapes them all.</summary>
internal static partial class ServeLog
{
    /// <summary>The category of request lines.</summary>
    public const string RequestCategory = "MlPipeline.Serving.Requests";

    /// <summary>The category of model lines (reloads).</summary>
    public const string ModelCategory = "MlPipeline.Serving.Model";

    // Request lines take their level from the status (RequestLog.LevelOf), so --quiet still shows failed requests.
    [LoggerMessage(EventId = 1, Message = "{Method} {Route} {Status} {ElapsedMs} ms images={Images} client={Client}")]
    public static partial void Request(ILogger logger, LogLevel level, string method, string route, int status, double elapsedMs, int images, string client);

    [LoggerMessage(EventId = 2, Message = "{Method} {Route} {Status} {ElapsedMs} ms images={Images} label={Label} confidence={Confidence} client={Client}")]
    public static partial void Prediction(ILogger logger, LogLevel level, string method, string route, int status, double elapsedMs, int images, string label, double confidence, string client);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Model reloaded ({Trigger}): {Sha256} took over after {LoadMs} ms of loading and checks; {OldSha256} finishes its requests and is released")]
    public static partial void Reloaded(ILogger logger, string trigger, string sha256, double loadMs, string oldSha256);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Model reload ({Trigger}) refused, still serving {Sha256}: {Error}")]
    public static partial void ReloadRefused(ILogger logger, string trigger, string sha256, string error);
}
