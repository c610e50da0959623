using Microsoft.AspNetCore.Http;
using MlPipeline.Core.Imaging;

namespace MlPipeline.Serving.Http;

/// <summary>
/// Turns the failures a client causes into problem+json answers with the right status, so that one bad request
/// never takes anything else down and every error has the same shape.
/// </summary>
internal static class ProblemMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (StatusOf(e) is { } status && !context.Response.HasStarted)
        {
            await Results.Problem(detail: e.Message, statusCode: status).ExecuteAsync(context);
        }
    }

    private static int? StatusOf(Exception e) => e switch
    {
        RequestRejectedException rejected => rejected.StatusCode,
        ImageReadException => StatusCodes.Status400BadRequest,
        // Kestrel's own refusals: 413 for a body above the limit, 400 for a malformed one.
        BadHttpRequestException bad => bad.StatusCode,
        // Malformed multipart bodies (bad boundary, truncated sections).
        InvalidDataException => StatusCodes.Status400BadRequest,
        _ => null,
    };
}
