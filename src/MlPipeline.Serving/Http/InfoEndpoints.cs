using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Http;

/// <summary>
/// <c>GET /</c> (the page, with <c>/page.css</c> and <c>/page.js</c>), <c>GET /model</c>, <c>GET /healthz</c> and
/// <c>GET /readyz</c>; cheap, so never rate-limited, and open without the API key.
/// </summary>
internal static class InfoEndpoints
{
    /// <summary>Liveness, which deploy/serve-deployment.yaml probes.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>Readiness, which deploy/serve-deployment.yaml probes.</summary>
    public const string ReadyPath = "/readyz";

    public static void Map(IEndpointRouteBuilder app, ServeParts parts)
    {
        var page = WebPage.Read("index.html");
        var style = WebPage.Read("page.css");
        var script = WebPage.Read("page.js");
        app.MapGet("/", () => Results.Text(page, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/page.css", () => Results.Text(style, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/page.js", () => Results.Text(script, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/model", () => parts.Models.Describe())
            .WithName("Model")
            .WithSummary("The served model: labels, backbone, SHA-256 of the zip, when it was loaded, its precision and validation metrics, and the last refused reload.");
        // Liveness: the model is loaded before the server listens, and a refused reload leaves the old one serving.
        app.MapGet(HealthPath, () =>
        {
            var model = parts.Models.Describe();
            return new HealthResponse("ok", model.Sha256, model.LoadedUtc, model.LastReloadFailure);
        })
            .WithName("Health")
            .WithSummary("Liveness: 200 while the process serves, with the model's SHA-256 and the last refused reload.");
        app.MapGet(ReadyPath, () => parts.Slots.QueueIsFull
            ? Results.Json(new ReadyResponse(false, "every scoring slot is busy and the queue is full"), statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new ReadyResponse(true, null)))
            .WithName("Ready")
            .WithSummary("Readiness: 200 while a model is loaded and the queue has room, 503 when a new request would be refused.")
            .Produces<ReadyResponse>()
            .Produces<ReadyResponse>(StatusCodes.Status503ServiceUnavailable);
    }
}
