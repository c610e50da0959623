using System.Net;

namespace MlPipeline.Serving.Http;

/// <summary>Which listening addresses other machines can reach: the service has no authentication and no TLS.</summary>
public static class ExposedAddresses
{
    /// <summary>The URLs whose host is not a loopback address (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, a LAN address, a host name).</summary>
    public static IReadOnlyList<string> NonLoopback(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return [.. urls.Where(url => !IsLoopback(url))];
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards ("*", "+") are not valid URI hosts; they bind every interface.
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
