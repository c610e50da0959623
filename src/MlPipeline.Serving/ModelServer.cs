using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlPipeline.Core;
using MlPipeline.Core.Evaluation;
using MlPipeline.Core.Models;
using MlPipeline.Core.Scoring;
using MlPipeline.Serving.Http;

namespace MlPipeline.Serving;

/// <summary>
/// The HTTP prediction service: loads a model zip once, then serves <c>POST /predict</c>, <c>POST /predict/batch</c>,
/// <c>GET /model</c>, <c>GET /healthz</c> and an upload page at <c>GET /</c>, with bounded concurrency and body size.
/// </summary>
public sealed class ModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ScoringEngine _engine;

    private ModelServer(WebApplication app, ScoringEngine engine, ModelManifest manifest)
    {
        _app = app;
        _engine = engine;
        Manifest = manifest;
    }

    /// <summary>How long a stop waits for in-flight requests before abandoning them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The served model's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The addresses actually listened on (a requested port 0 shows the port picked).</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>Loads the model and starts listening; returns once requests are being accepted.</summary>
    /// <exception cref="MlPipelineException">Bad options, an unusable model, or an address that cannot be bound.</exception>
    public static async Task<ModelServer> StartAsync(ServeOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = ScoringModel.Open(options.ModelPath);
        // Models opened from a zip always carry its manifest.
        var manifest = model.Manifest!;
        var engine = new ScoringEngine(model);
        var app = Build(options, manifest, engine);
        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is IOException or AddressInUseException or FormatException or OperationCanceledException)
        {
            await app.DisposeAsync();
            engine.Dispose();
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new MlPipelineException(ExitCode.UsageError, $"Cannot listen on {options.Urls}: {e.Message}", e);
        }

        return new ModelServer(app, engine, manifest);
    }

    /// <summary>
    /// Serves until <paramref name="ct"/> is cancelled (Ctrl+C, SIGTERM) and then stops gracefully: no new
    /// connections, in-flight requests finish.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _engine.Dispose();
    }

    private static WebApplication Build(ServeOptions options, ModelManifest manifest, ScoringEngine engine)
    {
        // Slim builder: no HTTPS or IIS plumbing (TLS belongs to a reverse proxy), and no appsettings.json is
        // picked up from wherever the tool happens to be run.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            // Kestrel's default floor (240 bytes/s) lets a client trickle a 10 MB body for half a day; this one
            // still admits any real uplink, and drops a connection that falls below it after the grace period.
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(10));
            kestrel.AddServerHeader = false;
        });
        // Kestrel's limit is the one that applies; the form reader's own default (128 MB) must not undercut a larger one.
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = Math.Max(options.MaxBodyBytes, form.MultipartBodyLengthLimit));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(_ => new ScoringSlots(options));
        // The CLI prints what matters; the framework only speaks up about problems, on stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(ProblemMiddleware.InvokeAsync);
        PredictEndpoints.Map(app, engine, app.Services.GetRequiredService<ScoringSlots>());
        InfoEndpoints.Map(app, ModelDescription.Describe(manifest, ModelStore.ReadValidation<ClassificationReport>(options.ModelPath)));
        return app;
    }
}
