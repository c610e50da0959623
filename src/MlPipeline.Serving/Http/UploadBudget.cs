using Microsoft.AspNetCore.Http;

namespace MlPipeline.Serving.Http;

/// <summary>
/// Caps the bytes of uploads held in memory across all requests (<see cref="ServeOptions.BufferedBytesBudget"/>).
/// A request reserves its declared length (the body limit when it declares none) before it reads a byte, and keeps
/// the reservation until it has its answer; when the budget cannot cover it, it gets 503 with Retry-After at once.
/// So held uploads cost at most the budget, however many connections hold them.
/// </summary>
internal sealed class UploadBudget(ServeOptions options, ServeHooks hooks)
{
    private long reserved;

    /// <summary>Bytes reserved now.</summary>
    public long Reserved => Interlocked.Read(ref reserved);

    /// <summary>Reserves the request's share; dispose the result when the request is done with its bytes.</summary>
    /// <exception cref="RequestRejectedException">The budget is spent (503, with Retry-After).</exception>
    public IDisposable Reserve(HttpContext context)
    {
        // A declared length above the limit is Kestrel's to refuse (413) as it reads; it never needs more than the limit.
        var bytes = Math.Clamp(context.Request.ContentLength ?? options.MaxBodyBytes, 0, options.MaxBodyBytes);
        if (Interlocked.Add(ref reserved, bytes) > options.BufferedBytesBudget)
        {
            Interlocked.Add(ref reserved, -bytes);
            ScoringSlots.RetryLater(context);
            throw new RequestRejectedException(
                StatusCodes.Status503ServiceUnavailable,
                $"Uploads being received already fill the {options.BufferedBytesBudget} bytes the service buffers; retry later.");
        }

        hooks.UploadReserved();
        return new Reservation(this, bytes);
    }

    private sealed class Reservation(UploadBudget budget, long bytes) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Add(ref budget.reserved, -bytes);
            }
        }
    }
}
