using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using MlPipeline.Core.Backbones;
using MlPipeline.Serving;
using MlPipeline.Serving.Contracts;
using MlPipeline.Serving.Http;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>
/// <c>mlpipeline serve</c> as an operator runs it: its own process on loopback, driven with kill(1) and HTTP only.
/// The in-process tests (ServeTests) pin each behaviour down with hooks; these check that the deployed shape has them.
/// </summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class ServeProcessTests(TrainedModelFixture trained) : IDisposable
{
    private const string ApiKey = "a-long-test-key-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_serve_process_needs_its_key_reloads_on_SIGHUP_keeps_serving_through_a_refused_reload_and_drains_on_SIGINT()
    {
        var second = _root.File("second.zip");
        var trainedSecond = await CliHarness.RunAsync("train", "--data", trained.DataPath, "--output", second, "--cache-dir", BackboneCache.DefaultDirectory(), "--quiet", "--unfreeze", "none", "--seed", "5");
        Assert.True(trainedSecond.ExitCode == 0, trainedSecond.Stderr);
        var served = Path.Combine(Directory.CreateDirectory(_root.File("served")).FullName, "model.zip");
        File.Copy(trained.ModelPath, served);
        var keyFile = _root.File("api-key");
        await File.WriteAllTextAsync(keyFile, ApiKey + "\n");
        var image = Probe();
        var (first, next) = (Sha256Of(trained.ModelPath), Sha256Of(second));
        Assert.NotEqual(first, next);

        await using var serve = RunningTool.Start("serve", "--model", served, "--urls", "http://127.0.0.1:0", "--api-key-file", keyFile);
        using var client = new HttpClient { BaseAddress = await ListeningAsync(serve) };

        using (var anonymous = await client.PostAsync("/predict", Png(image)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        Assert.Equal(first, await PredictedByAsync(client, image));

        ReplaceAtomically(served, await File.ReadAllBytesAsync(second));
        await serve.SignalAsync("HUP");
        await serve.WaitForLineAsync(l => l.Contains("Model reloaded (signal)", StringComparison.Ordinal));
        var reloaded = await HealthAsync(client);
        Assert.Equal(next, reloaded.ModelSha256);
        Assert.Null(reloaded.LastReloadFailure);
        Assert.Equal(next, await PredictedByAsync(client, image));

        ReplaceAtomically(served, Encoding.ASCII.GetBytes("not a zip"));
        await serve.SignalAsync("HUP");
        await serve.WaitForLineAsync(l => l.Contains("Model reload (signal) refused", StringComparison.Ordinal));
        var refused = await HealthAsync(client);
        Assert.NotNull(refused.LastReloadFailure);
        Assert.Equal(next, refused.ModelSha256);
        Assert.Equal(next, await PredictedByAsync(client, image));

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("mlpipeline_serve_images_total", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("mlpipeline_serve_reloads_total", StringComparison.Ordinal) && l.Contains("outcome=\"refused\"", StringComparison.Ordinal));
        var openApi = OpenApiDocument.Parse(await client.GetStringAsync("/openapi.json"), "json");
        Assert.Empty(openApi.Diagnostic?.Errors ?? []);
        Assert.Empty(openApi.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        await serve.SignalAsync("INT");
        Assert.Equal(0, await serve.WaitForExitAsync(Patience));
        Assert.Contains("Stopped; in-flight requests were finished.", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_uploads_are_bounded_by_the_byte_budget_and_the_process_memory_returns_near_its_baseline()
    {
        const int Connections = 40;
        const int Declared = 10_000_000;
        const long Slack = 200L << 20;
        var image = Probe();
        await using var serve = RunningTool.Start("serve", "--model", trained.ModelPath, "--urls", "http://127.0.0.1:0", "--max-body-size", "10MB", "--max-buffered-size", "32MB", "--quiet");
        using var client = new HttpClient { BaseAddress = await ListeningAsync(serve) };
        await PredictedByAsync(client, image);
        var baseline = serve.ResidentBytes();

        // Each client declares a 10 MB body, sends all of it but the last 100 KB, and holds the connection open.
        var held = new List<TcpClient>();
        var body = new byte[Declared - 100_000];
        var uploads = new List<Task>();
        for (var i = 0; i < Connections; i++)
        {
            var socket = new TcpClient();
            await socket.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
            held.Add(socket);
            uploads.Add(SendPartAsync(socket, client.BaseAddress!, Declared, body));
        }

        await Task.WhenAll(uploads);
        var whileHeld = serve.ResidentBytes();

        // The held uploads fill the 32 MB budget: another 10 MB upload is turned away, a small one still fits.
        using (var turnedAway = await client.SendAsync(DeclaredUpload(Declared)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, turnedAway.StatusCode);
            Assert.NotNull(turnedAway.Headers.RetryAfter);
        }

        await PredictedByAsync(client, image);

        foreach (var socket in held)
        {
            socket.Dispose();
        }

        // A request after the close is served by a process that no longer holds the uploads.
        await PredictedByAsync(client, image);
        var after = serve.ResidentBytes();

        // Unbounded buffering held all 40 bodies (about 400 MB; 80 of them once took RSS up by 850 MiB).
        Assert.True(whileHeld - baseline < Slack, $"RSS grew from {baseline >> 20} to {whileHeld >> 20} MiB with the uploads held");
        Assert.True(after - baseline < Slack, $"RSS was {after >> 20} MiB after the uploads closed, from {baseline >> 20} MiB");
    }

    [Fact]
    public async Task Each_request_is_one_plain_line_with_its_route_status_time_images_prediction_and_client()
    {
        await using var serve = RunningTool.Start("serve", "--model", trained.ModelPath, "--urls", "http://127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = await ListeningAsync(serve) };

        await PredictedByAsync(client, Probe());
        (await client.GetAsync("/healthz?probe=1")).Dispose();
        (await client.PostAsync("/predict", NotAnImage())).Dispose();

        var labels = string.Join('|', TrainedModelFixture.Classes);
        await serve.WaitForLineAsync(l => Regex.IsMatch(l, $@"info: {ServeLog.RequestCategory}\[2\] POST /predict 200 [\d.]+ ms images=1 label=({labels}) confidence=[\d.]+ client=127\.0\.0\.1$"));
        await serve.WaitForLineAsync(l => Regex.IsMatch(l, $@"info: {ServeLog.RequestCategory}\[1\] GET /healthz 200 [\d.]+ ms images=0 client=127\.0\.0\.1$"));
        await serve.WaitForLineAsync(l => Regex.IsMatch(l, $@"warn: {ServeLog.RequestCategory}\[1\] POST /predict 400 [\d.]+ ms images=\d client=127\.0\.0\.1$"));
        Assert.Equal(3, RequestLines(serve).Count);
        // The host's start-up lines (listening, content root, environment) are gone: stderr is the request log alone.
        Assert.Equal(RequestLines(serve), serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task With_log_format_json_each_line_is_a_json_object_with_the_request_fields()
    {
        await using var serve = RunningTool.Start("serve", "--model", trained.ModelPath, "--urls", "http://127.0.0.1:0", "--log-format", "json");
        using var client = new HttpClient { BaseAddress = await ListeningAsync(serve) };

        await PredictedByAsync(client, Probe());

        using var line = JsonDocument.Parse(await serve.WaitForLineAsync(l => l.Contains(ServeLog.RequestCategory, StringComparison.Ordinal)));
        var state = line.RootElement.GetProperty("State");
        Assert.Equal("Information", line.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("POST", state.GetProperty("Method").GetString());
        Assert.Equal("/predict", state.GetProperty("Route").GetString());
        Assert.Equal(200, state.GetProperty("Status").GetInt32());
        Assert.True(state.GetProperty("ElapsedMs").GetDouble() > 0);
        Assert.Equal(1, state.GetProperty("Images").GetInt32());
        Assert.Contains(state.GetProperty("Label").GetString(), TrainedModelFixture.Classes);
        Assert.InRange(state.GetProperty("Confidence").GetDouble(), 0, 1);
        Assert.Equal("127.0.0.1", state.GetProperty("Client").GetString());
        Assert.All(serve.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonDocument.Parse(l).Dispose());
    }

    [Fact]
    public async Task With_quiet_an_answered_request_logs_nothing_and_a_failed_one_is_still_logged()
    {
        await using var serve = RunningTool.Start("serve", "--model", trained.ModelPath, "--urls", "http://127.0.0.1:0", "--quiet");
        using var client = new HttpClient { BaseAddress = await ListeningAsync(serve) };

        await PredictedByAsync(client, Probe());
        (await client.PostAsync("/predict", NotAnImage())).Dispose();

        // Lines are queued in request order, and the 200 was answered first: had it been logged, it would be here now.
        await serve.WaitForLineAsync(l => l.Contains("POST /predict 400", StringComparison.Ordinal));
        Assert.Contains("POST /predict 400", Assert.Single(RequestLines(serve)), StringComparison.Ordinal);
    }

    // serve says where it listens once the listener is up: "Serving <zip> (<classes>; sha256 <hash>) on <url>".
    private static async Task<Uri> ListeningAsync(RunningTool serve)
    {
        var line = await serve.WaitForLineAsync(l => l.StartsWith("Serving ", StringComparison.Ordinal));
        return new Uri(line[(line.LastIndexOf(" on ", StringComparison.Ordinal) + 4)..].Split(',')[0].Trim());
    }

    // Writes the headers and part of the body. A refused upload may be answered and closed before the body is
    // read, so a failed write is what refusal looks like, not an error of the test.
    private static async Task SendPartAsync(TcpClient socket, Uri server, int declared, byte[] part)
    {
        var stream = socket.GetStream();
        var headers = Encoding.ASCII.GetBytes($"POST /predict HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: image/png\r\nContent-Length: {declared}\r\n\r\n");
        using var limit = new CancellationTokenSource(Patience);
        try
        {
            await stream.WriteAsync(headers, limit.Token);
            await stream.WriteAsync(part, limit.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private static List<string> RequestLines(RunningTool serve) =>
        [.. serve.Stderr.Split('\n').Where(l => l.Contains(ServeLog.RequestCategory, StringComparison.Ordinal))];

    private static ByteArrayContent NotAnImage() =>
        new("not an image"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };

    private static HttpRequestMessage DeclaredUpload(int declared) => new(HttpMethod.Post, "/predict")
    {
        Content = new ByteArrayContent(new byte[declared]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } },
    };

    private static async Task<string> PredictedByAsync(HttpClient client, string image)
    {
        using var response = await client.PostAsync("/predict", Png(image));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.GetValues(PredictEndpoints.ModelHeader).Single();
    }

    // A reload runs beside the requests; serve logs its outcome only once the model holder has it, so the log line is
    // the signal to wait on and the health document is read once, after it.
    private static async Task<HealthResponse> HealthAsync(HttpClient client) => (await client.GetFromJsonAsync<HealthResponse>("/healthz"))!;

    private string Probe() => InputSizeImages.Generate(_root.File("probe"), ["circle"], perClass: 1)[0];

    private static ByteArrayContent Png(string path) =>
        new(File.ReadAllBytes(path)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };

    private static void ReplaceAtomically(string path, byte[] bytes)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
