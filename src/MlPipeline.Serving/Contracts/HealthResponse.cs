namespace MlPipeline.Serving.Contracts;

/// <summary>The <c>GET /healthz</c> answer: <c>{"status":"ok"}</c> once the model is loaded.</summary>
public sealed record HealthResponse(string Status);
