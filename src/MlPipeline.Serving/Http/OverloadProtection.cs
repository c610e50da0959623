using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace MlPipeline.Serving.Http;

/// <summary>
/// Bounds the work in the service: at most <see cref="ServeOptions.MaxConcurrency"/> predictions run, at most
/// <see cref="ServeOptions.QueueLimit"/> wait, and anything beyond is refused at once with 503 and Retry-After
/// rather than piling up memory and latency. Requests wait here before their body is read, so queued uploads
/// cost nothing.
/// </summary>
internal static class OverloadProtection
{
    public const string PolicyName = "predict";

    /// <summary>A prediction takes well under a second; retrying sooner would likely be refused again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static void AddOverloadProtection(this IServiceCollection services, ServeOptions options) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(PolicyName, concurrency =>
            {
                concurrency.PermitLimit = options.MaxConcurrency;
                concurrency.QueueLimit = options.QueueLimit;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = async (context, ct) =>
            {
                var response = context.HttpContext.Response;
                response.Headers[HeaderNames.RetryAfter] = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    detail: $"All {options.MaxConcurrency} prediction slots are busy and {options.QueueLimit} requests are waiting; retry later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context.HttpContext);
            };
        });
}
