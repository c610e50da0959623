using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Models;

/// <summary>
/// The model the service answers with now. A swap is one reference exchange: a request that took the old model
/// keeps it to the end, a request that starts after the swap gets the new one, and none sees a mix.
/// </summary>
internal sealed class ModelHolder(ServedModel initial) : IDisposable
{
    private ServedModel current = initial;
    private ReloadFailure? lastFailure;

    /// <summary>The model in service.</summary>
    public ServedModel Current => Volatile.Read(ref current);

    /// <summary>The last reload that was refused, if the last reload attempt failed; null after a success.</summary>
    public ReloadFailure? LastFailure => Volatile.Read(ref lastFailure);

    /// <summary>What <c>GET /model</c> answers.</summary>
    public ModelResponse Describe() => Current.Description with { LastReloadFailure = LastFailure };

    /// <summary>Takes the current model for one request; dispose the lease when the request is done with it.</summary>
    public ModelLease Acquire()
    {
        while (true)
        {
            // A swap may retire the model between the read and the retain; then the next read sees its successor.
            if (Current.TryRetain() is { } lease)
            {
                return lease;
            }
        }
    }

    /// <summary>Puts <paramref name="next"/> in service; the old model goes once its last request finishes.</summary>
    public void Replace(ServedModel next)
    {
        var old = Interlocked.Exchange(ref current, next);
        Volatile.Write(ref lastFailure, null);
        old.Release();
    }

    /// <summary>Records a refused reload; the current model stays.</summary>
    public void Refused(ReloadFailure failure) => Volatile.Write(ref lastFailure, failure);

    public void Dispose() => Current.Release();
}
