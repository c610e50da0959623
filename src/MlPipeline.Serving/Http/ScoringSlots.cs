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
internal sealed class ScoringSlots(ServeOptions options) : IDisposable
{
    /// <summary>A prediction takes well under a second; retrying sooner would likely be refused again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.MaxConcurrency,
        QueueLimit = options.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Waits for a free slot; dispose the result to give it back.</summary>
    /// <exception cref="RequestRejectedException">Every slot is busy and the queue is full (503, with Retry-After).</exception>
    public async Task<IDisposable> AcquireAsync(HttpContext context, CancellationToken ct)
    {
        var lease = await limiter.AcquireAsync(1, ct);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        context.Response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        throw new RequestRejectedException(
            StatusCodes.Status503ServiceUnavailable,
            $"All {options.MaxConcurrency} prediction slots are busy and {options.QueueLimit} requests are waiting; retry later.");
    }

    public void Dispose() => limiter.Dispose();
}
