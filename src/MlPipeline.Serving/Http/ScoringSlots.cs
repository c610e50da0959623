using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MlPipeline.Serving.Http;

/// <summary>
/// Bounds the work in the service: at most <see cref="ServeOptions.MaxConcurrency"/> predictions run, at most
/// <see cref="ServeOptions.QueueLimit"/> wait, and anything beyond is refused at once with 503 and Retry-After
/// rather than piling up memory and latency. A request asks for a slot only once its whole body has arrived
/// (capped in size, in time and by Kestrel's minimum data rate), so a slow upload holds a connection, never a slot.
/// </summary>
internal sealed class ScoringSlots(ServeOptions options, ServeHooks hooks) : IDisposable
{
    /// <summary>A prediction takes well under a second; retrying sooner would likely be refused again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.MaxConcurrency,
        QueueLimit = options.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Slots in all.</summary>
    public int Limit => options.MaxConcurrency;

    /// <summary>Slots taken now.</summary>
    public int Busy => (int)(options.MaxConcurrency - (limiter.GetStatistics()?.CurrentAvailablePermits ?? options.MaxConcurrency));

    /// <summary>Requests waiting for a slot now.</summary>
    public int Queued => (int)(limiter.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>Whether a new request would be refused now rather than queued.</summary>
    public bool QueueIsFull => Busy >= options.MaxConcurrency && Queued >= options.QueueLimit;

    /// <summary>Waits for a free slot; dispose the result to give it back.</summary>
    /// <exception cref="RequestRejectedException">Every slot is busy and the queue is full (503, with Retry-After).</exception>
    public async Task<IDisposable> AcquireAsync(HttpContext context, CancellationToken ct)
    {
        var acquiring = limiter.AcquireAsync(1, ct);
        if (!acquiring.IsCompleted)
        {
            hooks.Queued();
        }

        var lease = await acquiring;
        if (lease.IsAcquired)
        {
            hooks.SlotTaken();
            return lease;
        }

        lease.Dispose();
        RetryLater(context);
        throw new RequestRejectedException(
            StatusCodes.Status503ServiceUnavailable,
            $"All {options.MaxConcurrency} prediction slots are busy and {options.QueueLimit} requests are waiting; retry later.");
    }

    /// <summary>Sets <c>Retry-After</c> on a 503 that says the service is busy.</summary>
    public static void RetryLater(HttpContext context) =>
        context.Response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => limiter.Dispose();
}
