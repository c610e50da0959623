using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Serving.Contracts;
using MlPipeline.Serving.Models;

namespace MlPipeline.Serving.Http;

/// <summary>
/// <c>POST /admin/reload</c>: reload the model zip now, as SIGHUP does (and where there is no SIGHUP, on Windows).
/// Protected by the API key; without one, loopback clients only.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ServeParts parts)
    {
        app.MapPost("/admin/reload", async () =>
        {
            var outcome = await parts.Reloader.ReloadAsync("admin");
            var model = outcome.Serving.Description;
            return outcome.Result == ReloadResult.Refused
                ? Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, detail: $"Reload refused, still serving {model.Sha256}: {outcome.Error}")
                : Results.Json(new ReloadResponse(model.Sha256, model.LoadedUtc, model.LoadMilliseconds));
        })
            .AddEndpointFilter(ApiKey.Filter(parts.Key, loopbackOnlyWithoutKey: true))
            .WithName("Reload")
            .WithSummary("Load the model zip again, check it, and swap it in; a model that fails its checks is refused (422) and the old one keeps serving.")
            .Produces<ReloadResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
