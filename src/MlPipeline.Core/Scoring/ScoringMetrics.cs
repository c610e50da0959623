using System.Diagnostics.Metrics;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// The engine's instruments, for whoever listens: serve exports them at <c>/metrics</c>; elsewhere nothing listens
/// and a record costs a check. Static because a process's engines are one population (serve's reloads replace theirs).
/// </summary>
public static class ScoringMetrics
{
    /// <summary>The meter a metrics exporter subscribes to.</summary>
    public const string MeterName = "MlPipeline.Scoring";

    private static readonly Meter Meter = new(MeterName);

    // Up to the engine's batch size of 8, and beyond in case a caller sets a larger one.
    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram(
        "mlpipeline.scoring.batch.size",
        unit: null,
        description: "Images per ONNX Runtime run; concurrent requests' uploads share a run, so this shows the micro-batching.",
        tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 3, 4, 6, 8, 16, 32] });

    internal static void BatchRan(int images) => BatchSizes.Record(images);
}
