namespace MlPipeline.Serving.Http;

/// <summary>A request the service will not process; becomes a problem+json response with <see cref="StatusCode"/>.</summary>
internal sealed class RequestRejectedException(int statusCode, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
}
