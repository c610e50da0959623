using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Prediction;
using MlPipeline.ImageGen;
using MlPipeline.Serving;
using MlPipeline.Serving.Contracts;
using MlPipeline.Tests.Serving;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>The real server on a loopback port, a tiny model trained with the real ResNet-50, a real HttpClient.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class ServeTests(TrainedModelFixture trained) : IAsyncLifetime, IDisposable
{
    private readonly ScratchFolder _root = new();
    private readonly List<ModelServer> _servers = [];
    private readonly List<HttpClient> _clients = [];
    private IReadOnlyList<string> _images = [];
    private Dictionary<string, ImagePrediction> _expected = [];

    public Task InitializeAsync()
    {
        // 224x224 PNGs: the size the model takes, so nothing is resized and both paths see identical pixels.
        _images = [.. SyntheticDataset.Generate(_root.File("probe"), new SyntheticDatasetSpec
        {
            ClassNames = ["circle", "square"], ImagesPerClass = 2, MinSide = 224, MaxSide = 224, Formats = [ImageFileFormat.Png], Seed = 7,
        }).Images.Select(i => i.Path)];
        using var classifier = MlNetClassifier.Load(trained.ModelPath);
        _expected = _images.ToDictionary(p => p, classifier.Predict);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Raw_and_multipart_uploads_predict_what_the_classifier_predicts()
    {
        var client = await Start();

        foreach (var image in _images)
        {
            using var response = await client.PostAsync("/predict", Raw(image, "image/png"));
            AssertMatches(_expected[image], await Ok<PredictResponse>(response), topK: 3);
        }

        using var octet = await client.PostAsync("/predict?top=1", Raw(_images[0], "application/octet-stream"));
        AssertMatches(_expected[_images[0]], await Ok<PredictResponse>(octet), topK: 1);
        using var multipart = await client.PostAsync("/predict", Multipart(("image", _images[1])));
        AssertMatches(_expected[_images[1]], await Ok<PredictResponse>(multipart), topK: 3);
    }

    [Fact]
    public async Task A_batch_answers_each_file_in_order_and_a_bad_file_fails_alone()
    {
        var client = await Start();
        var garbage = EdgeCaseImages.WriteGarbageFile(_root.File("garbage.png"));

        using var response = await client.PostAsync("/predict/batch", Multipart(("a", _images[0]), ("b", garbage), ("c", _images[3])));

        var rows = await Ok<List<PredictionRow>>(response);
        Assert.Equal([Path.GetFileName(_images[0]), "garbage.png", Path.GetFileName(_images[3])], rows.Select(r => r.Path));
        Assert.Equal("not a readable image", rows[1].Error);
        Assert.Equal(_expected[_images[0]].PredictedLabel, rows[0].Label);
        Assert.Equal(_expected[_images[3]].PredictedLabel, rows[2].Label);
        Assert.Null(rows[2].Error);
    }

    [Fact]
    public async Task Model_and_health_describe_the_served_model()
    {
        var client = await Start();

        var model = await Ok<ModelResponse>(await client.GetAsync("/model"));
        using var health = await client.GetAsync("/healthz");

        Assert.Equal(TrainedModelFixture.Classes, model.Labels);
        Assert.Equal("resnet50", model.Backbone.Name);
        Assert.Equal(new InputSize(224, 224), model.InputSize);
        Assert.InRange(model.Metrics!.Value.GetProperty("microAccuracy").GetDouble(), 0, 1);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_get_their_status_as_problem_json_and_the_service_keeps_serving()
    {
        var client = await Start();
        var garbage = EdgeCaseImages.WriteGarbageFile(_root.File("garbage.png"));
        var bomb = _root.File("bomb.png");
        await File.WriteAllBytesAsync(bomb, OversizedPng.Create(10_000, 10_000));
        (string Name, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status)[] cases =
        [
            ("empty body", () => client.PostAsync("/predict", new ByteArrayContent([]) { Headers = { ContentType = new("image/png") } }), HttpStatusCode.BadRequest),
            ("garbage", () => client.PostAsync("/predict", Raw(garbage, "image/png")), HttpStatusCode.BadRequest),
            ("decompression bomb", () => client.PostAsync("/predict", Raw(bomb, "image/png")), HttpStatusCode.BadRequest),
            ("multipart without 'image'", () => client.PostAsync("/predict", Multipart(("photo", _images[0]))), HttpStatusCode.BadRequest),
            ("top=0", () => client.PostAsync("/predict?top=0", Raw(_images[0], "image/png")), HttpStatusCode.BadRequest),
            ("text/plain", () => client.PostAsync("/predict", new StringContent("hello")), HttpStatusCode.UnsupportedMediaType),
            ("no content type", () => client.PostAsync("/predict", new ByteArrayContent([1, 2, 3])), HttpStatusCode.UnsupportedMediaType),
            ("raw batch", () => client.PostAsync("/predict/batch", Raw(_images[0], "image/png")), HttpStatusCode.UnsupportedMediaType),
            ("unknown path", () => client.GetAsync("/nope"), HttpStatusCode.NotFound),
            ("GET /predict", () => client.GetAsync("/predict"), HttpStatusCode.MethodNotAllowed),
        ];

        foreach (var (name, send, status) in cases)
        {
            using var response = await send();
            Assert.True(response.StatusCode == status, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name}: {response.Content.Headers.ContentType}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        }

        using var after = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
        AssertMatches(_expected[_images[0]], await Ok<PredictResponse>(after), topK: 3);
    }

    [Fact]
    public async Task Bodies_above_the_configured_limit_get_413()
    {
        var client = await Start(maxBodyBytes: 1024);
        Assert.True(new FileInfo(_images[0]).Length > 1024);

        using var raw = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
        using var multipart = await client.PostAsync("/predict", Multipart(("image", _images[0])));
        var chunked = new StreamContent(File.OpenRead(_images[0])) { Headers = { ContentType = new("image/png") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/predict") { Content = chunked, Headers = { TransferEncodingChunked = true } };
        using var streamed = await client.SendAsync(request);
        using var small = await client.PostAsync("/predict", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("image/png") } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, raw.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, multipart.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("application/problem+json", raw.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, small.StatusCode);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_all_get_the_right_answer()
    {
        var client = await Start(maxConcurrency: 2, queueLimit: 64);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var image = _images[i % _images.Count];
            using var response = await client.PostAsync("/predict", Raw(image, "image/png"));
            return (image, await Ok<PredictResponse>(response));
        }));

        Assert.All(results, r => AssertMatches(_expected[r.image], r.Item2, topK: 3));
    }

    [Fact]
    public async Task Beyond_the_queue_requests_get_503_with_retry_after_and_queued_ones_still_finish()
    {
        var client = await Start(maxConcurrency: 1, queueLimit: 1);
        // Two slow batches take the only slot and the only queue place (64 images each: several seconds of work).
        var many = Enumerable.Range(0, 64).Select(i => ($"f{i}", _images[i % _images.Count])).ToArray();
        var blockers = Enumerable.Range(0, 2).Select(_ => client.PostAsync("/predict/batch", Multipart(many))).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var refused = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostAsync("/predict", Raw(_images[0], "image/png"))));

        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        foreach (var blocker in blockers)
        {
            using var response = await blocker;
            Assert.Equal(64, (await Ok<List<PredictionRow>>(response)).Count(r => r.Error is null));
        }

        using var after = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Two_slow_uploaders_hold_connections_but_never_the_scoring_slots()
    {
        var client = await Start(maxConcurrency: 2);
        using (var warm = await client.PostAsync("/predict", Raw(_images[0], "image/png")))
        {
            await Ok<PredictResponse>(warm);
        }

        // Two clients declare 5 MB bodies and send 1 KB a second, as many as there are slots (issue 8, defect 4).
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var slow = Enumerable.Range(0, 2).Select(_ => TrickleAsync(client.BaseAddress!, stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.PostAsync("/predict", Raw(_images[1], "image/png"));
        stopwatch.Stop();

        AssertMatches(_expected[_images[1]], await Ok<PredictResponse>(response), topK: 3);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"a normal request beside two slow uploads took {stopwatch.Elapsed.TotalMilliseconds:0} ms");
        Assert.All(slow, t => Assert.False(t.IsCompleted, "the slow uploads should still be sending"));
        await stop.CancelAsync();
        await Task.WhenAll(slow);
    }

    private static async Task TrickleAsync(Uri server, CancellationToken ct)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        var header = $"POST /predict HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: image/png\r\nContent-Length: {5 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(header), ct);
        var chunk = new byte[1024];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, ct);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is done with this client: it stops sending, bounded in time.
        }
    }

    [Fact]
    public async Task Cancelling_the_token_stops_the_server_after_in_flight_requests_finish()
    {
        var client = await Start();
        using var stop = new CancellationTokenSource();
        var serving = _servers[^1].WaitForShutdownAsync(stop.Token);
        var eight = Enumerable.Range(0, 8).Select(i => ($"f{i}", _images[i % _images.Count])).ToArray();
        // An open connection first, so on a busy machine the batch is surely in flight when the token is cancelled.
        (await client.GetAsync("/healthz")).Dispose();
        var inFlight = client.PostAsync("/predict/batch", Multipart(eight));
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        await stop.CancelAsync();
        await serving;

        using var response = await inFlight;
        Assert.Equal(8, (await Ok<List<PredictionRow>>(response)).Count(r => r.Error is null));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    [Fact]
    [Trait("Tier", "Browser")]
    public async Task The_page_shows_the_label_the_api_gives()
    {
        var client = await Start();
        var image = _images[2];
        using var api = await client.PostAsync("/predict", Raw(image, "image/png"));
        var expected = await Ok<PredictResponse>(api);

        var page = await BrowserPage.ClassifyAsync(client.BaseAddress!.ToString(), image);

        Assert.Equal(expected.Label, page.Label);
        Assert.Equal(expected.Confidence, page.Probability, 1e-3);
        Assert.Empty(page.FailedRequests);
    }

    [Fact]
    [Trait("Tier", "Browser")]
    public async Task The_page_keeps_header_drop_zone_preview_and_bars_apart_at_desktop_and_phone_width_with_long_class_lists()
    {
        var client = await Start();

        var layouts = await BrowserPage.LayoutAsync(
            client.BaseAddress!.ToString(), _images[2], BrowserPage.ScreenshotDirectory("serve"), BrowserPage.LayoutViewports, BrowserPage.LayoutClassCounts);

        BrowserPage.AssertNothingOverlaps(layouts);
    }

    private async Task<HttpClient> Start(int maxConcurrency = 2, int queueLimit = 64, long maxBodyBytes = ServeOptions.DefaultMaxBodyBytes)
    {
        var server = await ModelServer.StartAsync(
            new ServeOptions(trained.ModelPath, "http://127.0.0.1:0", maxConcurrency, maxBodyBytes, queueLimit), CancellationToken.None);
        _servers.Add(server);
        var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]), Timeout = TimeSpan.FromMinutes(3) };
        _clients.Add(client);
        return client;
    }

    private static void AssertMatches(ImagePrediction expected, PredictResponse actual, int topK)
    {
        var ranked = expected.Score.Order().Reverse().Take(topK).ToList();
        Assert.Equal(expected.PredictedLabel, actual.Label);
        Assert.Equal(ranked[0], actual.Confidence, 1e-5f);
        Assert.Equal(topK, actual.Top.Count);
        Assert.All(ranked.Zip(actual.Top), p => Assert.Equal(p.First, p.Second.Probability, 1e-5f));
    }

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static ByteArrayContent Raw(string path, string contentType) =>
        new(File.ReadAllBytes(path)) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } };

    private static MultipartFormDataContent Multipart(params (string Field, string Path)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, path) in files)
        {
            form.Add(Raw(path, "image/png"), field, Path.GetFileName(path));
        }

        return form;
    }
}
