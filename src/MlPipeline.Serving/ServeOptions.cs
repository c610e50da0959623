using System.Globalization;
using System.Text.RegularExpressions;
using MlPipeline.Core;
using MlPipeline.Core.Backbones;

namespace MlPipeline.Serving;

/// <summary>How <c>serve</c> writes its per-request log lines.</summary>
public enum ServeLogFormat
{
    /// <summary>One plain text line per request.</summary>
    Plain,

    /// <summary>One JSON object per line, for log collectors.</summary>
    Json,
}

/// <summary>What <c>serve</c> was asked for.</summary>
/// <param name="ModelPath">The model zip written by <c>train</c>.</param>
/// <param name="Urls">Where to listen, ';'-separated (port 0 picks a free port).</param>
/// <param name="MaxConcurrency">Requests scored at once; the engine batches their images together.</param>
/// <param name="MaxBodyBytes">Largest request body accepted; larger ones get 413.</param>
/// <param name="QueueLimit">Requests waiting for a free engine beyond which new ones get 503.</param>
public sealed partial record ServeOptions(string ModelPath, string Urls, int MaxConcurrency, long MaxBodyBytes, int QueueLimit)
{
    /// <summary>Loopback only: exposing the service is a deliberate choice.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5000";

    /// <summary>10 MB, plenty for a photo.</summary>
    public const long DefaultMaxBodyBytes = 10L * 1024 * 1024;

    /// <summary>Requests that may wait for an engine before the service answers 503.</summary>
    public const int DefaultQueueLimit = 64;

    /// <summary>Bytes of uploads held in memory at once, across all requests, unless the largest body needs more.</summary>
    public const long DefaultMaxBufferedBytes = 64L * 1024 * 1024;

    /// <summary>Open connections Kestrel accepts; each costs a little memory even when idle.</summary>
    public const int DefaultMaxConnections = 256;

    /// <summary>One engine per core: scoring is CPU-bound, more would only contend.</summary>
    public static int DefaultMaxConcurrency => Environment.ProcessorCount;

    /// <summary>Reload the model when its file is replaced.</summary>
    public bool Watch { get; init; }

    /// <summary>A file whose content is the key <c>Authorization: Bearer</c> must carry; null serves without a key.</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Whether <c>GET /metrics</c> exists and requests are measured.</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>How request lines are written.</summary>
    public ServeLogFormat LogFormat { get; init; } = ServeLogFormat.Plain;

    /// <summary>Failures only: lines for 4xx and 5xx answers and refused reloads; none for answered requests or reload notices.</summary>
    public bool Quiet { get; init; }

    /// <summary>The upload byte budget; null for <see cref="DefaultMaxBufferedBytes"/> or the body limit, whichever is larger.</summary>
    public long? MaxBufferedBytes { get; init; }

    /// <summary>Open connections accepted at once.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>The cache the model's backbone and head, and each reloaded one's, are kept in between runs; null for <see cref="BackboneCache.DefaultDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The upload byte budget in effect.</summary>
    public long BufferedBytesBudget => MaxBufferedBytes ?? Math.Max(DefaultMaxBufferedBytes, MaxBodyBytes);

    /// <summary>The addresses of <see cref="Urls"/>, one per entry.</summary>
    public IReadOnlyList<string> UrlList => [.. Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

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

        if (BufferedBytesBudget < MaxBodyBytes)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--max-buffered-size must be at least --max-body-size ({MaxBodyBytes} bytes), or no body that size could ever be accepted.");
        }

        if (MaxConnections < 1)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--max-connections must be at least 1, got {MaxConnections}.");
        }

        if (UrlList.Count == 0)
        {
            throw new MlPipelineException(ExitCode.UsageError, "--urls must name at least one address.");
        }

        foreach (var url in UrlList)
        {
            ValidateUrl(url);
        }
    }

    // Kestrel reports these as unhandled exceptions from deep inside the host; the user gets one line instead.
    private static void ValidateUrl(string url)
    {
        var match = UrlPattern().Match(url);
        if (!match.Success)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--urls: '{url}' is not an address such as http://127.0.0.1:5000.");
        }

        var scheme = match.Groups["scheme"].Value;
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--urls: '{url}': serve speaks plain HTTP only; put a TLS proxy in front.");
        }

        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--urls: '{url}': only http:// addresses are served, not {scheme}://.");
        }

        var port = match.Groups["port"];
        if (port.Success && !(int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--urls: '{url}': the port must be a number from 0 to 65535.");
        }
    }

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<host>\[[^\]]*\]|[^:/\[\]]+)(:(?<port>[^/]*))?(/.*)?$")]
    private static partial Regex UrlPattern();
}
