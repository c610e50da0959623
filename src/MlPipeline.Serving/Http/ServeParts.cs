using MlPipeline.Serving.Models;

namespace MlPipeline.Serving.Http;

/// <summary>What the endpoints share: the model in service, the limits, the reloader, and the optional key and metrics.</summary>
internal sealed record ServeParts(
    ModelHolder Models,
    ModelReloader Reloader,
    ScoringSlots Slots,
    UploadBudget Budget,
    ServeHooks Hooks,
    ServeMetrics? Metrics,
    ApiKey? Key);
