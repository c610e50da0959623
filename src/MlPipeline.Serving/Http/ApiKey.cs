using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MlPipeline.Core;

namespace MlPipeline.Serving.Http;

/// <summary>
/// The key <c>--api-key-file</c> names. Requests to the prediction and admin endpoints must carry it as
/// <c>Authorization: Bearer &lt;key&gt;</c>; others get 401 with <c>WWW-Authenticate</c>.
/// </summary>
internal sealed class ApiKey
{
    public const string Challenge = "Bearer realm=\"mlpipeline\"";
    private const string Scheme = "Bearer ";

    // Compared as hashes: equal lengths whatever the candidate, so the comparison's time says nothing about the key.
    private readonly byte[] hash;

    private ApiKey(string key) => hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Reads the key: the file's text without surrounding whitespace (an editor's final newline is no part of it).</summary>
    /// <exception cref="MlPipelineException">The file is missing, unreadable or blank (exit 2).</exception>
    public static ApiKey FromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--api-key-file: cannot read {path}: {e.Message}", e);
        }

        if (text.Length == 0)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--api-key-file: {path} is empty.");
        }

        return new ApiKey(text);
    }

    /// <summary>Whether the request carries this key.</summary>
    public bool Admits(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(candidate, hash);
    }

    /// <summary>
    /// An endpoint filter for the protected endpoints. Without a key they are open, except the admin endpoint,
    /// which then answers loopback clients only.
    /// </summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(ApiKey? key, bool loopbackOnlyWithoutKey) =>
        async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (key is null)
            {
                if (loopbackOnlyWithoutKey && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
                {
                    return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Without --api-key-file, the admin endpoint answers loopback clients only.");
                }

                return await next(invocation);
            }

            if (key.Admits(context.Request))
            {
                return await next(invocation);
            }

            context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "This endpoint needs 'Authorization: Bearer <key>' with the service's API key.");
        };
}
