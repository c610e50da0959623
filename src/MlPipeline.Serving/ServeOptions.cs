using MlPipeline.Core;

namespace MlPipeline.Serving;

/// <summary>What <c>serve</c> was asked for.</summary>
/// <param name="ModelPath">The model zip written by <c>train</c>.</param>
/// <param name="Urls">Where to listen, ';'-separated (port 0 picks a free port).</param>
/// <param name="MaxConcurrency">Requests scored at once; the engine batches their images together.</param>
/// <param name="MaxBodyBytes">Largest request body accepted; larger ones get 413.</param>
/// <param name="QueueLimit">Requests waiting for a free engine beyond which new ones get 503.</param>
public sealed record ServeOptions(string ModelPath, string Urls, int MaxConcurrency, long MaxBodyBytes, int QueueLimit)
{
    /// <summary>Loopback only: exposing the service is a deliberate choice.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>10 MB, plenty for a photo.</summary>
    public const long DefaultMaxBodyBytes = 10L * 1024 * 1024;

    /// <summary>Requests that may wait for an engine before the service answers 503.</summary>
    public const int DefaultQueueLimit = 64;

    /// <summary>One engine per core: scoring is CPU-bound, more would only contend.</summary>
    public static int DefaultMaxConcurrency => Environment.ProcessorCount;

    /// <summary>Rejects values the server cannot run with.</summary>
    /// <exception cref="MlPipelineException">A value is out of range (<see cref="ExitCode.UsageError"/>).</exception>
    public void Validate()
    {
        if (MaxConcurrency < 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--max-concurrency must be at least 1, got {MaxConcurrency}.");
        }

        if (MaxBodyBytes < 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--max-body-size must be at least 1 byte, got {MaxBodyBytes}.");
        }

        if (QueueLimit < 0)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--queue-limit must be at least 0, got {QueueLimit}.");
        }

        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new MlPipelineException(ExitCode.UsageError, "--urls must name at least one address.");
        }
    }
}
