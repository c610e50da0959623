using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Scoring;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Http;

/// <summary>
/// <c>POST /predict</c> and <c>POST /predict/batch</c>: each reads its whole body first, within
/// <see cref="BodyReadTimeout"/>, and only then waits for a scoring slot.
/// </summary>
internal static class PredictEndpoints
{
    public const int DefaultTop = 3;

    /// <summary>
    /// The longest a body may take to arrive: 10 MB on a slow 1 Mbit/s uplink takes 80 s. Beyond it the request gets
    /// 408 and the connection is freed; Kestrel's minimum data rate already drops a client that all but stops.
    /// </summary>
    public static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(120);

    public static void Map(IEndpointRouteBuilder app, ScoringEngine engine, ScoringSlots slots)
    {
        app.MapPost("/predict", async (HttpContext context, int? top, CancellationToken ct) =>
        {
            var k = CheckTop(top);
            var upload = await ReadAsync(token => UploadReader.ReadSingleAsync(context.Request, token), ct);
            using var slot = await slots.AcquireAsync(context, ct);
            var row = ToRow(await engine.ScoreAsync(upload.Bytes, upload.Name, ct), engine.Model.Classes, k);
            return row.Error is { } error ? throw new ImageReadException(upload.Name, error) : new PredictResponse(row.Label!, row.Confidence!.Value, row.Top);
        });

        app.MapPost("/predict/batch", async (HttpContext context, int? top, CancellationToken ct) =>
        {
            var k = CheckTop(top);
            var uploads = await ReadAsync(token => UploadReader.ReadManyAsync(context.Request, token), ct);
            using var slot = await slots.AcquireAsync(context, ct);
            // All of a batch's images go to the engine at once, so they share its inference batches.
            var results = await Task.WhenAll(uploads.Select(upload => engine.ScoreAsync(upload.Bytes, upload.Name, ct)));
            return results.Select(result => ToRow(result, engine.Model.Classes, k)).ToList();
        });
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
