using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Http;

/// <summary><c>GET /</c> (the page, with <c>/page.css</c> and <c>/page.js</c>), <c>GET /model</c> and <c>GET /healthz</c>; cheap, so never rate-limited.</summary>
internal static class InfoEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ModelResponse model)
    {
        var page = WebPage.Read("index.html");
        var style = WebPage.Read("page.css");
        var script = WebPage.Read("page.js");
        app.MapGet("/", () => Results.Text(page, "text/html; charset=utf-8"));
        app.MapGet("/page.css", () => Results.Text(style, "text/css; charset=utf-8"));
        app.MapGet("/page.js", () => Results.Text(script, "text/javascript; charset=utf-8"));
        app.MapGet("/model", () => model);
        // The model is loaded before the server listens, so answering at all means ready.
        app.MapGet("/healthz", () => new HealthResponse("ok"));
    }
}
