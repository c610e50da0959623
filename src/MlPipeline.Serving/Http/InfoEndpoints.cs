using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Http;

/// <summary><c>GET /</c> (the page), <c>GET /model</c> and <c>GET /healthz</c>; cheap, so never rate-limited.</summary>
internal static class InfoEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ModelResponse model)
    {
        var page = WebPage.Read();
        app.MapGet("/", () => Results.Text(page, "text/html; charset=utf-8"));
        app.MapGet("/model", () => model);
        // The model is loaded before the server listens, so answering at all means ready.
        app.MapGet("/healthz", () => new { status = "ok" });
    }
}
