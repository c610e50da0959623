namespace MlPipeline.Core.Reporting;

/// <summary>An observer that shows nothing: for library use and tests that only want results.</summary>
public sealed class SilentObserver : IRunObserver
{
    /// <summary>The shared instance.</summary>
    public static SilentObserver Instance { get; } = new();

    /// <inheritdoc />
    public void Info(string message)
    {
    }

    /// <inheritdoc />
    public void Warn(string message)
    {
    }

    /// <inheritdoc />
    public T Track<T>(string description, int total, Func<Action<int>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(_ => { });
    }
}
