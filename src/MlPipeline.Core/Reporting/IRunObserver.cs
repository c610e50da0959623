namespace MlPipeline.Core.Reporting;

/// <summary>
/// How the core library talks to whoever runs it: messages and progress of long work. The CLI renders these on
/// stderr; tests and library users may collect or ignore them.
/// </summary>
public interface IRunObserver
{
    /// <summary>A step worth telling the user about.</summary>
    void Info(string message);

    /// <summary>Something went wrong but the job goes on (a skipped file, an unvalidated class).</summary>
    void Warn(string message);

    /// <summary>
    /// Runs <paramref name="work"/> while showing progress towards <paramref name="total"/> items;
    /// <paramref name="work"/> reports each finished item through the callback it is given.
    /// </summary>
    T Track<T>(string description, int total, Func<Action<int>, T> work);
}
