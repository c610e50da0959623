namespace MlPipeline.Serving.Models;

/// <summary>How a reload attempt ended.</summary>
internal enum ReloadResult
{
    /// <summary>The new model passed its checks and took over.</summary>
    Reloaded,

    /// <summary>A watched change left the zip's content as it was; nothing was loaded.</summary>
    Unchanged,

    /// <summary>The new model failed a check; the old one keeps serving.</summary>
    Refused,
}

/// <summary>A reload attempt's result, the model serving afterwards, and why a refused one was refused.</summary>
internal sealed record ReloadOutcome(ReloadResult Result, ServedModel Serving, string? Error);
