using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MlPipeline.Core;
using MlPipeline.Core.Scoring;
using MlPipeline.Serving.Http;
using MlPipeline.Serving.Models;
using OpenTelemetry.Metrics;

namespace MlPipeline.Serving;

/// <summary>
/// The HTTP prediction service: loads and checks a model zip, then serves <c>POST /predict</c>,
/// <c>POST /predict/batch</c>, <c>GET /model</c>, <c>GET /healthz</c>, <c>GET /readyz</c>, <c>GET /metrics</c>,
/// <c>GET /openapi.json</c>, <c>POST /admin/reload</c> and an upload page at <c>GET /</c>, with bounded concurrency,
/// body size and buffered bytes; replaces the model without downtime when asked or when the file changes.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    /// <summary>The OpenAPI document's name, which is also its path: <c>/openapi.json</c>.</summary>
    internal const string OpenApiDocument = "openapi";

    /// <summary>Where Prometheus scrapes, which deploy/serve-deployment.yaml's annotation names.</summary>
    internal const string MetricsPath = "/metrics";

    private readonly WebApplication _app;
    private readonly ServeParts _parts;

    private ModelServer(WebApplication app, ServeParts parts)
    {
        _app = app;
        _parts = parts;
    }

    /// <summary>How long a stop waits for in-flight requests before abandoning them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The manifest's classes of the model in service now.</summary>
    public IReadOnlyList<string> Classes => _parts.Models.Current.Description.Labels;

    /// <summary>SHA-256 of the model zip in service now.</summary>
    public string ModelSha256 => _parts.Models.Current.Sha256;

    /// <summary>The addresses actually listened on (a requested port 0 shows the port picked).</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>Loads and checks the model and starts listening; returns once requests are being accepted.</summary>
    /// <exception cref="MlPipelineException">Bad options, an unusable model, or an address that cannot be bound.</exception>
    public static Task<ModelServer> StartAsync(ServeOptions options, CancellationToken ct) => StartAsync(options, ServeHooks.None, ct);

    internal static async Task<ModelServer> StartAsync(ServeOptions options, ServeHooks hooks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var key = options.ApiKeyFile is { } keyFile ? ApiKey.FromFile(keyFile) : null;
        var models = new ModelHolder(ServedModel.Load(options.ModelPath, options.CacheDirectory));
        var app = Build(options);
        var slots = new ScoringSlots(options, hooks);
        var metrics = options.Metrics ? new ServeMetrics(slots, models) : null;
        var reloader = new ModelReloader(options.ModelPath, options.CacheDirectory, models, options.Watch, metrics, hooks, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ServeLog.ModelCategory));
        var parts = new ServeParts(models, reloader, slots, new UploadBudget(options, hooks), hooks, metrics, key);
        var server = new ModelServer(app, parts);
        Map(app, options, parts);
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is IOException or AddressInUseException or FormatException or OperationCanceledException)
        {
            await server.DisposeAsync();
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new MlPipelineException(ExitCode.UsageError, $"Cannot listen on {options.Urls}: {e.Message}", e);
        }

        return server;
    }

    /// <summary>
    /// Serves until <paramref name="ct"/> is cancelled (Ctrl+C, SIGTERM) and then stops gracefully: no new
    /// connections, in-flight requests finish.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    /// <summary>Reloads the model zip, whether or not it changed (SIGHUP); returns at once, the reload runs behind.</summary>
    public void RequestReload() => _parts.Reloader.RequestReload("signal");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _parts.Reloader.DisposeAsync();
        _parts.Metrics?.Dispose();
        _parts.Slots.Dispose();
        _parts.Models.Dispose();
    }

    private static WebApplication Build(ServeOptions options)
    {
        // Slim builder: no HTTPS or IIS plumbing (TLS belongs to a reverse proxy), and no appsettings.json is
        // picked up from wherever the tool happens to be run.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
            // Kestrel's default floor (240 bytes/s) lets a client trickle a 10 MB body for half a day; this one
            // still admits any real uplink, and drops a connection that falls below it after the grace period.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(10));
            kestrel.AddServerHeader = false;
        });
        // Kestrel's limit is the one that applies; the form reader's own default (128 MB) must not undercut a larger one.
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = Math.Max(options.MaxBodyBytes, form.MultipartBodyLengthLimit));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(OpenApiDocument);
        if (options.Metrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(ServeMetrics.MeterName, ScoringMetrics.MeterName)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        ConfigureLogging(builder.Logging, options);
        return builder.Build();
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServeOptions options)
    {
        logging.ClearProviders();
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        if (options.LogFormat == ServeLogFormat.Json)
        {
            logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(plain =>
            {
                plain.SingleLine = true;
                plain.UseUtcTimestamp = true;
                plain.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                plain.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        // The framework speaks up about problems only; the service's own lines are the request log and reloads.
        logging.SetMinimumLevel(LogLevel.Warning);
        // Quiet keeps the lines of failed requests (4xx warnings, 5xx errors) and refused reloads.
        logging.AddFilter("MlPipeline.Serving", options.Quiet ? LogLevel.Warning : LogLevel.Information);
        // A failed start is reported as one line by the CLI; the host's own report repeats it with a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", options.Quiet ? LogLevel.Error : LogLevel.Warning);
    }

    private static void Map(WebApplication app, ServeOptions options, ServeParts parts)
    {
        app.Use(new RequestLog(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ServeLog.RequestCategory)).InvokeAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(ProblemMiddleware.InvokeAsync);
        PredictEndpoints.Map(app, parts);
        InfoEndpoints.Map(app, parts);
        AdminEndpoints.Map(app, parts);
        app.MapOpenApi("/{documentName}.json");
        if (options.Metrics)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }
}
