using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Core.Scoring;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Http;

/// <summary>
/// <c>POST /predict</c> and <c>POST /predict/batch</c>: each reserves its share of the upload budget, reads its
/// whole body within <see cref="BodyReadTimeout"/>, and only then waits for a scoring slot. A request scores with
/// the model in service when it gets its slot, to the end, and says which in <c>X-Model-Sha256</c>.
/// </summary>
internal static class PredictEndpoints
{
    public const int DefaultTop = 3;

    /// <summary>The response header naming the model zip (SHA-256) that gave the answer.</summary>
    public const string ModelHeader = "X-Model-Sha256";

    /// <summary>
    /// The longest a body may take to arrive: 10 MB on a slow 1 Mbit/s uplink takes 80 s. Beyond it the request gets
    /// 408 and the connection is freed; Kestrel's minimum data rate already drops a client that all but stops.
    /// </summary>
    public static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(120);

    public static void Map(IEndpointRouteBuilder app, ServeParts parts)
    {
        var auth = ApiKey.Filter(parts.Key, loopbackOnlyWithoutKey: false);
        app.MapPost("/predict", async (HttpContext context, int? top, CancellationToken ct) =>
        {
            var k = CheckTop(top);
            using var reservation = parts.Budget.Reserve(context);
            var upload = await ReadAsync(token => UploadReader.ReadSingleAsync(context.Request, token), ct);
            using var slot = await parts.Slots.AcquireAsync(context, ct);
            await parts.Hooks.BeforeScoringAsync(ct);
            using var lease = parts.Models.Acquire();
            var engine = lease.Model.Engine;
            context.Response.Headers[ModelHeader] = lease.Model.Sha256;
            var row = ToRow(await engine.ScoreAsync(upload.Bytes, upload.Name, ct), engine.Model.Classes, k);
            parts.Metrics?.Scored(1);
            if (row.Error is { } error)
            {
                throw new ImageReadException(upload.Name, error);
            }

            RequestLog.Record(context, 1, row.Label, row.Confidence);
            return new PredictResponse(row.Label!, row.Confidence!.Value, row.Top);
        })
            .AddEndpointFilter(auth)
            .WithName("Predict")
            .WithSummary("Classify one image: a raw image/* or application/octet-stream body, or a multipart form with a file field 'image'.")
            .AddOpenApiOperationTransformer(OpenApiBodies.OneImage)
            .Produces<PredictResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapPost("/predict/batch", async (HttpContext context, int? top, CancellationToken ct) =>
        {
            var k = CheckTop(top);
            using var reservation = parts.Budget.Reserve(context);
            var uploads = await ReadAsync(token => UploadReader.ReadManyAsync(context.Request, token), ct);
            using var slot = await parts.Slots.AcquireAsync(context, ct);
            await parts.Hooks.BeforeScoringAsync(ct);
            using var lease = parts.Models.Acquire();
            var engine = lease.Model.Engine;
            context.Response.Headers[ModelHeader] = lease.Model.Sha256;
            // All of a batch's images go to the engine at once, so they share its inference batches.
            var results = await Task.WhenAll(uploads.Select(upload => engine.ScoreAsync(upload.Bytes, upload.Name, ct)));
            parts.Metrics?.Scored(results.Length);
            RequestLog.Record(context, results.Length);
            return results.Select(result => ToRow(result, engine.Model.Classes, k)).ToList();
        })
            .AddEndpointFilter(auth)
            .WithName("PredictBatch")
            .WithSummary("Classify every file of a multipart form, in form order; an unreadable file fails alone, in its row.")
            .AddOpenApiOperationTransformer(OpenApiBodies.ManyImages)
            .Produces<List<PredictionRow>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static PredictionRow ToRow(ScoredImage result, IReadOnlyList<string> classes, int top) => result.Prediction is { } prediction
        ? PredictionRow.FromScores(result.Source, classes, prediction.Score, Math.Min(top, classes.Count), minConfidence: 0)
        : PredictionRow.Failed(result.Source, result.Error ?? "unreadable");

    private static async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(BodyReadTimeout);
        try
        {
            return await read(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RequestRejectedException(StatusCodes.Status408RequestTimeout, $"The request body did not arrive within {BodyReadTimeout.TotalSeconds:0} s.");
        }
    }

    private static int CheckTop(int? top) => top switch
    {
        null => DefaultTop,
        < 1 => throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"top must be at least 1, got {top}."),
        _ => top.Value,
    };
}
