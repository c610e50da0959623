using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.OpenApi;
using MlPipeline.Core;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.ImageGen;
using MlPipeline.Serving;
using MlPipeline.Serving.Contracts;
using MlPipeline.Serving.Http;
using MlPipeline.Serving.Models;
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
        _images = [.. InputSizeImages.Generate(_root.File("probe"), ["circle", "square"], perClass: 2)];
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
            ("multipart without its closing boundary", () => client.PostAsync("/predict", TruncatedMultipart(_images[0], headersEnd: "\r\n\r\n")), HttpStatusCode.BadRequest),
            ("multipart part headers without a blank line", () => client.PostAsync("/predict/batch", TruncatedMultipart(null, headersEnd: "\r\n")), HttpStatusCode.BadRequest),
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
        var hooks = new TestHooks { Gated = true };
        var client = await Start(maxConcurrency: 1, queueLimit: 1, hooks: hooks);
        // One request holds the only slot (scoring waits at the gate), a second the only queue place.
        var holding = client.PostAsync("/predict", Raw(_images[0], "image/png"));
        await hooks.WaitForAsync(TestHooks.Slot);
        var queued = client.PostAsync("/predict", Raw(_images[1], "image/png"));
        await hooks.WaitForAsync(TestHooks.Queue);
        using (var notReady = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }

        var refused = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostAsync("/predict", Raw(_images[0], "image/png"))));

        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        hooks.Release();
        using (var first = await holding)
        {
            AssertMatches(_expected[_images[0]], await Ok<PredictResponse>(first), topK: 3);
        }

        using (var second = await queued)
        {
            AssertMatches(_expected[_images[1]], await Ok<PredictResponse>(second), topK: 3);
        }

        using var after = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Two_slow_uploaders_hold_connections_but_never_the_scoring_slots()
    {
        var hooks = new TestHooks();
        var client = await Start(maxConcurrency: 2, hooks: hooks);
        using (var warm = await client.PostAsync("/predict", Raw(_images[0], "image/png")))
        {
            await Ok<PredictResponse>(warm);
        }

        // Two clients declare 5 MB bodies and send 1 KB a second, as many as there are slots (issue 8, defect 4).
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var slow = Enumerable.Range(0, 2).Select(_ => TrickleAsync(client.BaseAddress!, stop.Token)).ToList();
        await hooks.WaitForAsync(TestHooks.Reserved, count: 3);

        using var response = await client.PostAsync("/predict", Raw(_images[1], "image/png"));

        AssertMatches(_expected[_images[1]], await Ok<PredictResponse>(response), topK: 3);
        Assert.Equal(2, hooks.SlotsTaken);
        Assert.All(slow, t => Assert.False(t.IsCompleted, "the slow uploads should still be sending"));
        await stop.CancelAsync();
        await Task.WhenAll(slow);
    }

    [Fact]
    public async Task Beyond_the_upload_byte_budget_new_uploads_get_503_with_retry_after()
    {
        var hooks = new TestHooks();
        var client = await Start(maxBodyBytes: 1024 * 1024, maxBufferedBytes: 1024 * 1024, hooks: hooks);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Declares 1 MB and holds it: the whole budget is reserved before a byte of the body is read.
        var holder = TrickleAsync(client.BaseAddress!, stop.Token, declaredBytes: 1024 * 1024);
        await hooks.WaitForAsync(TestHooks.Reserved);

        using var refused = await client.PostAsync("/predict", Raw(_images[0], "image/png"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("buffers", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await stop.CancelAsync();
        await holder;
    }

    private static async Task TrickleAsync(Uri server, CancellationToken ct, long declaredBytes = 5 * 1024 * 1024)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, ct);
        var stream = tcp.GetStream();
        var header = $"POST /predict HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: image/png\r\nContent-Length: {declaredBytes}\r\n\r\n";
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
        var hooks = new TestHooks { Gated = true };
        var client = await Start(hooks: hooks);
        using var stop = new CancellationTokenSource();
        var serving = _servers[^1].WaitForShutdownAsync(stop.Token);
        var eight = Enumerable.Range(0, 8).Select(i => ($"f{i}", _images[i % _images.Count])).ToArray();
        var inFlight = client.PostAsync("/predict/batch", Multipart(eight));
        await hooks.WaitForAsync(TestHooks.Slot);

        await stop.CancelAsync();
        hooks.Release();
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

    [Fact]
    public async Task Without_the_api_key_predictions_get_401_with_a_challenge_and_health_and_the_page_stay_open()
    {
        var keyFile = _root.File("key.txt");
        await File.WriteAllTextAsync(keyFile, "correct horse battery staple\n");
        var client = await Start(apiKeyFile: keyFile);

        using var none = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
        using var wrong = await Send(client, "/predict", Raw(_images[0], "image/png"), "Bearer correct horse battery stapl");
        using var batch = await client.PostAsync("/predict/batch", Multipart(("a", _images[0])));
        using var admin = await client.PostAsync("/admin/reload", null);
        using var right = await Send(client, "/predict", Raw(_images[0], "image/png"), "Bearer correct horse battery staple");
        using var health = await client.GetAsync("/healthz");
        using var page = await client.GetAsync("/");
        using var model = await client.GetAsync("/model");

        foreach (var refused in new[] { none, wrong, batch, admin })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        AssertMatches(_expected[_images[0]], await Ok<PredictResponse>(right), topK: 3);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
    }

    [Fact]
    public async Task The_metrics_endpoint_parses_as_prometheus_text_and_counts_what_was_served()
    {
        var client = await Start();
        using (var predicted = await client.PostAsync("/predict", Raw(_images[0], "image/png")))
        {
            await Ok<PredictResponse>(predicted);
        }

        using (var batch = await client.PostAsync("/predict/batch", Multipart(("a", _images[0]), ("b", _images[1]))))
        {
            await Ok<List<PredictionRow>>(batch);
        }

        var sha256 = Sha256Of(trained.ModelPath);
        // ASP.NET Core records a request's duration as the response completes, a moment after the client has it.
        var samples = await ScrapeUntilAsync(client, s => s.Any(m => m.Name == "http_server_request_duration_seconds_count" && m.Labels.Contains("http_route=\"/predict/batch\"")));

        Assert.Contains(samples, m => m.Name == "http_server_request_duration_seconds_count" && m.Labels.Contains("http_route=\"/predict\"") && m.Labels.Contains("http_response_status_code=\"200\"") && m.Value >= 1);
        Assert.Contains(samples, m => m.Name == "http_server_request_duration_seconds_bucket");
        Assert.True(samples.Where(m => m.Name == "mlpipeline_serve_images_total").Sum(m => m.Value) >= 3);
        Assert.Contains(samples, m => m.Name == "mlpipeline_serve_request_images_bucket" && m.Labels.Contains("le=\"2\""));
        // The engine's runs: at least one for /predict's image and one for the batch's two (other tests' engines may add).
        Assert.True(samples.Where(m => m.Name == "mlpipeline_scoring_batch_size_count").Sum(m => m.Value) >= 2);
        Assert.True(samples.Where(m => m.Name == "mlpipeline_scoring_batch_size_sum").Sum(m => m.Value) >= 3);
        Assert.Contains(samples, m => m.Name == "mlpipeline_scoring_batch_size_bucket" && m.Labels.Contains("le=\"8\""));
        Assert.Contains(samples, m => m.Name == "mlpipeline_serve_queue_depth");
        Assert.Contains(samples, m => m.Name == "mlpipeline_serve_slots_busy");
        Assert.Contains(samples, m => m.Name == "mlpipeline_serve_model_info" && m.Labels.Contains($"sha256=\"{sha256}\"") && m.Value == 1);
    }

    [Fact]
    public async Task Without_metrics_there_is_no_metrics_endpoint()
    {
        var client = await Start(metrics: false);

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_valid_and_describes_every_route_with_its_schemas()
    {
        var client = await Start();

        var json = await client.GetStringAsync("/openapi.json");

        var read = OpenApiDocument.Parse(json, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotNull(read.Document);
        Assert.Empty(read.Document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        var document = JsonDocument.Parse(json).RootElement;
        var paths = document.GetProperty("paths");
        Assert.Equal(
            ["/admin/reload", "/healthz", "/model", "/predict", "/predict/batch", "/readyz"],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var predict = paths.GetProperty("/predict").GetProperty("post");
        var bodies = predict.GetProperty("requestBody").GetProperty("content");
        Assert.True(bodies.TryGetProperty("image/png", out _));
        Assert.True(bodies.TryGetProperty("multipart/form-data", out _));
        Assert.True(predict.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(paths.GetProperty("/predict/batch").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("PredictResponse", "confidence"), ("ModelResponse", "sha256"), ("HealthResponse", "modelSha256"), ("PredictionRow", "label") })
        {
            Assert.True(schemas.GetProperty(schema).GetProperty("properties").TryGetProperty(property, out _), $"{schema}.{property}");
        }
    }

    [Fact]
    public async Task Model_describes_an_int8_model_as_int8_and_a_float_one_as_float32()
    {
        var manifest = ModelStore.ReadManifest(trained.ModelPath);
        var quantization = new QuantizationInfo("ONNX QDQ, static int8", "int8, symmetric, per output channel", "uint8", "min-max", 8, "f", manifest.Backbone.Sha256, 2, 1, 1, 1);

        var int8 = ModelDescription.Describe(manifest with { Quantization = quantization }, null, "s", DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var client = await Start();
        var served = await Ok<ModelResponse>(await client.GetAsync("/model"));

        Assert.Equal("int8", int8.Precision);
        Assert.Equal("uint8", int8.Quantization!.Activations);
        Assert.Equal("float32", served.Precision);
        Assert.Null(served.Quantization);
        Assert.Equal(Sha256Of(trained.ModelPath), served.Sha256);
        Assert.Null(served.LastReloadFailure);
    }

    [Fact]
    public async Task Swapping_the_zip_ten_times_under_load_fails_no_request_and_every_answer_comes_from_one_model()
    {
        // Two linear probes of the same classes, trained on different splits: a fine-tuned model takes minutes to
        // make on two cores, and what this checks is the swap, not what the models are.
        var second = _root.File("second.zip");
        var trainedSecond = await CliHarness.RunAsync("train", "--data", trained.DataPath, "--output", second, "--cache-dir", BackboneCache.DefaultDirectory(), "--quiet", "--unfreeze", "none", "--seed", "5");
        Assert.True(trainedSecond.ExitCode == 0, trainedSecond.Stderr);
        string[] zips = [trained.ModelPath, second];
        var expected = zips.ToDictionary(Sha256Of, zip =>
        {
            using var classifier = MlNetClassifier.Load(zip);
            return _images.ToDictionary(i => i, classifier.Predict);
        });
        Assert.Equal(2, expected.Count);
        Assert.Contains(_images, i => Math.Abs(expected[Sha256Of(zips[0])][i].Score[0] - expected[Sha256Of(zips[1])][i].Score[0]) > 1e-3);
        var served = _root.File("served/model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(served)!);
        File.Copy(zips[0], served);
        var hooks = new TestHooks();
        var client = await Start(hooks: hooks, modelPath: served, watch: true);

        using var stop = new CancellationTokenSource();
        var answers = new ConcurrentBag<(string Image, string Sha256, PredictResponse Answer)>();
        var failures = new ConcurrentBag<string>();
        var workers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var i = w; !stop.IsCancellationRequested; i++)
            {
                var image = _images[i % _images.Count];
                using var response = await client.PostAsync("/predict", Raw(image, "image/png"));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                answers.Add((image, response.Headers.GetValues(PredictEndpoints.ModelHeader).Single(), (await response.Content.ReadFromJsonAsync<PredictResponse>())!));
            }
        })).ToList();

        for (var swap = 1; swap <= 10; swap++)
        {
            if (swap == 5)
            {
                ReplaceAtomically(served, File.ReadAllBytes(zips[0])[..100_000]);
                var refused = await hooks.NextReloadAsync();
                Assert.Equal(ReloadResult.Refused, refused.Result);
                var health = await Ok<HealthResponse>(await client.GetAsync("/healthz"));
                Assert.NotNull(health.LastReloadFailure);
                Assert.Equal(refused.Serving.Sha256, health.ModelSha256);
            }

            var next = zips[swap % 2];
            ReplaceAtomically(served, File.ReadAllBytes(next));
            var outcome = await hooks.NextReloadAsync();
            Assert.True(outcome.Result == ReloadResult.Reloaded, $"swap {swap}: {outcome.Result} {outcome.Error}");
            Assert.Equal(Sha256Of(next), outcome.Serving.Sha256);
            using var after = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
            Assert.Equal(Sha256Of(next), after.Headers.GetValues(PredictEndpoints.ModelHeader).Single());
            Assert.Null((await Ok<ModelResponse>(await client.GetAsync("/model"))).LastReloadFailure);
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.Equal(expected.Keys.Order(), answers.Select(a => a.Sha256).Distinct().Order());
        Assert.All(answers, a => AssertMatches(expected[a.Sha256][a.Image], a.Answer, topK: 3));
    }

    [Fact]
    public async Task A_refused_reload_on_request_is_422_and_the_old_model_keeps_serving()
    {
        var served = _root.File("refused/model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(served)!);
        File.Copy(trained.ModelPath, served);
        var client = await Start(modelPath: served);
        await File.WriteAllBytesAsync(served, Encoding.ASCII.GetBytes("not a zip"));

        using var reload = await client.PostAsync("/admin/reload", null);
        using var predicted = await client.PostAsync("/predict", Raw(_images[0], "image/png"));
        var model = await Ok<ModelResponse>(await client.GetAsync("/model"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Equal("application/problem+json", reload.Content.Headers.ContentType?.MediaType);
        AssertMatches(_expected[_images[0]], await Ok<PredictResponse>(predicted), topK: 3);
        Assert.Equal(Sha256Of(trained.ModelPath), predicted.Headers.GetValues(PredictEndpoints.ModelHeader).Single());
        Assert.Equal(Sha256Of(trained.ModelPath), model.Sha256);
        Assert.NotNull(model.LastReloadFailure);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_with_exit_2_and_no_host_log()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await ToolProcess.RunAsync("mlpipeline", null, "serve", "--model", trained.ModelPath, "--urls", $"http://127.0.0.1:{port}");

        CliAssert.OneLineError(run, ExitCode.UsageError, $"{port}");
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<HttpClient> Start(
        int maxConcurrency = 2,
        int queueLimit = 64,
        long maxBodyBytes = ServeOptions.DefaultMaxBodyBytes,
        long? maxBufferedBytes = null,
        TestHooks? hooks = null,
        string? modelPath = null,
        bool watch = false,
        string? apiKeyFile = null,
        bool metrics = true)
    {
        var options = new ServeOptions(modelPath ?? trained.ModelPath, "http://127.0.0.1:0", maxConcurrency, maxBodyBytes, queueLimit)
        {
            MaxBufferedBytes = maxBufferedBytes,
            Watch = watch,
            ApiKeyFile = apiKeyFile,
            Metrics = metrics,
        };
        var server = await ModelServer.StartAsync(options, (ServeHooks?)hooks ?? ServeHooks.None, CancellationToken.None);
        _servers.Add(server);
        var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]), Timeout = TimeSpan.FromMinutes(3) };
        _clients.Add(client);
        return client;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, HttpContent content, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return client.SendAsync(request);
    }

    // What train and quantize do: write beside the target, then rename over it.
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

    // Prometheus text format: '# HELP/TYPE' comments, and samples 'name{labels} value'; every other line fails the test.
    private static async Task<List<MetricSample>> ScrapeUntilAsync(HttpClient client, Func<List<MetricSample>, bool> complete)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            List<MetricSample> samples = [];
            foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith('#'))
                {
                    Assert.Matches(@"^# (HELP|TYPE|EOF)", line);
                    continue;
                }

                var match = System.Text.RegularExpressions.Regex.Match(line, @"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( \d+)?$");
                Assert.True(match.Success, $"not a Prometheus sample: {line}");
                samples.Add(new MetricSample(match.Groups[1].Value, match.Groups[2].Value, double.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (complete(samples) || attempt == 100)
            {
                return samples;
            }

            await Task.Yield();
        }
    }

    private static ByteArrayContent TruncatedMultipart(string? image, string headersEnd)
    {
        var head = Encoding.ASCII.GetBytes($"--cut\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png{headersEnd}");
        var content = new ByteArrayContent([.. head, .. image is null ? [] : File.ReadAllBytes(image)]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");
        return content;
    }

    private sealed record MetricSample(string Name, string Labels, double Value);

    /// <summary>Signals what the service did, and holds scoring at a gate until released, so no test sleeps.</summary>
    private sealed class TestHooks : ServeHooks
    {
        public const string Reserved = "reserved";
        public const string Queue = "queued";
        public const string Slot = "slot";

        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
        private readonly Channel<ReloadOutcome> _reloads = Channel.CreateUnbounded<ReloadOutcome>();
        private int _slotsTaken;

        public bool Gated { get; init; }

        public int SlotsTaken => Volatile.Read(ref _slotsTaken);

        public override void UploadReserved() => _events.Writer.TryWrite(Reserved);

        public override void Queued() => _events.Writer.TryWrite(Queue);

        public override void SlotTaken()
        {
            Interlocked.Increment(ref _slotsTaken);
            _events.Writer.TryWrite(Slot);
        }

        public override Task BeforeScoringAsync(CancellationToken ct) => Gated ? _gate.Task.WaitAsync(ct) : Task.CompletedTask;

        public override void Reloaded(ReloadOutcome outcome) => _reloads.Writer.TryWrite(outcome);

        public void Release() => _gate.TrySetResult();

        /// <summary>Waits until <paramref name="count"/> more events of one kind have happened (others are passed over).</summary>
        public async Task WaitForAsync(string kind, int count = 1)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            for (var seen = 0; seen < count;)
            {
                if (await _events.Reader.ReadAsync(timeout.Token) == kind)
                {
                    seen++;
                }
            }
        }

        /// <summary>The next reload that loaded something (file events about other files end as unchanged).</summary>
        public async Task<ReloadOutcome> NextReloadAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (true)
            {
                var outcome = await _reloads.Reader.ReadAsync(timeout.Token);
                if (outcome.Result != ReloadResult.Unchanged)
                {
                    return outcome;
                }
            }
        }
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
