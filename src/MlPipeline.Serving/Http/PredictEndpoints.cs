using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Core.Prediction;

namespace MlPipeline.Serving.Http;

/// <summary><c>POST /predict</c> and <c>POST /predict/batch</c>, behind the overload limiter.</summary>
internal static class PredictEndpoints
{
    public const int DefaultTop = 3;

    public static void Map(IEndpointRouteBuilder app, ImageScorer scorer)
    {
        app.MapPost("/predict", async (HttpRequest request, int? top, CancellationToken ct) =>
            {
                var k = CheckTop(top);
                var upload = await UploadReader.ReadSingleAsync(request, ct);
                return ImageScorer.ToResponse(await scorer.ScoreAsync(upload.Bytes, upload.Name, k, ct));
            })
            .RequireRateLimiting(OverloadProtection.PolicyName);

        app.MapPost("/predict/batch", async (HttpRequest request, int? top, CancellationToken ct) =>
            {
                var k = CheckTop(top);
                var uploads = await UploadReader.ReadManyAsync(request, ct);
                List<PredictionRow> rows = [];
                foreach (var upload in uploads)
                {
                    rows.Add(await scorer.TryScoreAsync(upload.Bytes, upload.Name, k, ct));
                }

                return rows;
            })
            .RequireRateLimiting(OverloadProtection.PolicyName);
    }

    private static int CheckTop(int? top) => top switch
    {
        null => DefaultTop,
        < 1 => throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"top must be at least 1, got {top}."),
        _ => top.Value,
    };
}
