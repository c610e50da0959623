namespace MlPipeline.Serving.Contracts;

/// <summary>
/// The <c>GET /healthz</c> answer (liveness): <c>"ok"</c> while the process serves, with the model it serves and
/// whether its last reload was refused.
/// </summary>
public sealed record HealthResponse(string Status, string ModelSha256, DateTimeOffset LoadedUtc, ReloadFailure? LastReloadFailure);

/// <summary>The <c>GET /readyz</c> answer: ready while a model is loaded and the queue has room; 503 otherwise, with the reason.</summary>
public sealed record ReadyResponse(bool Ready, string? Reason);

/// <summary>The <c>POST /admin/reload</c> answer when the model on disk was loaded and took over.</summary>
public sealed record ReloadResponse(string Sha256, DateTimeOffset LoadedUtc, double LoadMilliseconds);
