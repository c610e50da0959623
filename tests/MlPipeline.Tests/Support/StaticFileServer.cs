using System.Net;
using System.Net.Sockets;

namespace MlPipeline.Tests.Support;

/// <summary>
/// Serves one folder over HTTP on a free loopback port, as any static file server would, for browser tests.
/// Sends the MIME types browsers insist on: JavaScript for module imports, application/wasm for streaming compile.
/// </summary>
internal sealed class StaticFileServer : IDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css",
        [".js"] = "text/javascript",
        [".mjs"] = "text/javascript",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
    };

    private readonly string _root;
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public StaticFileServer(string root)
    {
        _root = System.IO.Path.GetFullPath(root) + System.IO.Path.DirectorySeparatorChar;
        BaseUrl = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'));
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(_root, relative.Length == 0 ? "index.html" : relative));
        if (!path.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(path))
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentType = ContentTypes.GetValueOrDefault(System.IO.Path.GetExtension(path), "application/octet-stream");
        await using var file = File.OpenRead(path);
        response.ContentLength64 = file.Length;
        try
        {
            await file.CopyToAsync(response.OutputStream);
        }
        catch (HttpListenerException)
        {
            // The browser went away mid-download (page closed); nothing to serve any more.
        }
    }
}
