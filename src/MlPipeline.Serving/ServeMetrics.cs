using System.Diagnostics.Metrics;
using MlPipeline.Serving.Http;
using MlPipeline.Serving.Models;

namespace MlPipeline.Serving;

/// <summary>
/// The service's own instruments, beside ASP.NET Core's request counts and latency histogram
/// (<c>http_server_request_duration_seconds</c>, by route and status); OpenTelemetry exports both at <c>/metrics</c>.
/// </summary>
internal sealed class ServeMetrics : IDisposable
{
    public const string MeterName = "MlPipeline.Serving";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> images;
    private readonly Histogram<int> requestImages;
    private readonly Counter<long> reloads;

    public ServeMetrics(ScoringSlots slots, ModelHolder models)
    {
        images = meter.CreateCounter<long>("mlpipeline.serve.images", description: "Images scored.");
        requestImages = meter.CreateHistogram(
            "mlpipeline.serve.request.images",
            unit: null,
            description: "Images per scoring request (1 for /predict); the engine batches them with other requests' images.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        reloads = meter.CreateCounter<long>("mlpipeline.serve.reloads", description: "Model reload attempts that loaded a new model, by outcome (reloaded, refused).");
        meter.CreateObservableGauge("mlpipeline.serve.queue.depth", () => slots.Queued, description: "Requests waiting for a scoring slot.");
        meter.CreateObservableGauge("mlpipeline.serve.slots.busy", () => slots.Busy, description: "Scoring slots in use.");
        meter.CreateObservableGauge("mlpipeline.serve.slots.limit", () => slots.Limit, description: "Scoring slots in all.");
        meter.CreateObservableGauge("mlpipeline.serve.model.info", () => Info(models), description: "1, labelled with the served model's zip SHA-256, backbone and precision.");
    }

    public void Scored(int count)
    {
        images.Add(count);
        requestImages.Record(count);
    }

    public void Reloaded(bool succeeded) => reloads.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "reloaded" : "refused"));

    public void Dispose() => meter.Dispose();

    private static Measurement<int> Info(ModelHolder models)
    {
        var model = models.Current.Description;
        return new Measurement<int>(
            1,
            new KeyValuePair<string, object?>("sha256", model.Sha256),
            new KeyValuePair<string, object?>("backbone", model.Backbone.Name),
            new KeyValuePair<string, object?>("precision", model.Precision));
    }
}
