namespace MlPipeline.Serving.Models;

/// <summary>One request's hold on the model it scores with; disposing it gives the hold back, once.</summary>
internal sealed class ModelLease(ServedModel model) : IDisposable
{
    private int released;

    public ServedModel Model { get; } = model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            Model.Release();
        }
    }
}
