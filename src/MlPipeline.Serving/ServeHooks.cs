using MlPipeline.Serving.Models;

namespace MlPipeline.Serving;

/// <summary>
/// Points in a request's and a reload's life where tests wait for the service instead of sleeping: each says what
/// just happened, and <see cref="BeforeScoringAsync"/> can hold a request that owns a slot until the test lets it go.
/// The service itself uses this no-op base.
/// </summary>
internal class ServeHooks
{
    public static readonly ServeHooks None = new();

    /// <summary>A request has reserved its share of the upload byte budget and starts reading its body.</summary>
    public virtual void UploadReserved()
    {
    }

    /// <summary>A request found every slot busy and now waits in the queue.</summary>
    public virtual void Queued()
    {
    }

    /// <summary>A request took a scoring slot.</summary>
    public virtual void SlotTaken()
    {
    }

    /// <summary>Awaited after a request takes its slot and before it takes a model and scores.</summary>
    public virtual Task BeforeScoringAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>A reload attempt ended.</summary>
    public virtual void Reloaded(ReloadOutcome outcome)
    {
    }
}
