// Bounded load against a running `mlpipeline serve`: a fixed number of workers POST one image to /predict
// back to back for a fixed time. A load generator that waits for each answer cannot overload the server, so the
// figures are its steady throughput and latency at that concurrency.
// Usage: dotnet run scripts/load-serve.cs -- <base-url> <image> [seconds=30] [concurrency=4] [get-path]
// With a get-path (e.g. healthz) the workers GET it instead, which scores nothing: its req/s shows what the
// service's own layers (request log, metrics) cost per request, apart from inference.
// Prints requests, failures by status, req/s and p50/p95/p99 latency in milliseconds.
#:property PublishAot=false

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run scripts/load-serve.cs -- <base-url> <image> [seconds=30] [concurrency=4] [get-path]");
    return 2;
}

var image = await File.ReadAllBytesAsync(args[1]);
var duration = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30);
var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
var getPath = args.Length > 4 ? new Uri(args[4], UriKind.Relative) : null;
using var client = new HttpClient { BaseAddress = new Uri(args[0]), Timeout = TimeSpan.FromMinutes(1) };

// Warm-up, not measured: the first requests pay for lazy initialisation on both sides.
for (var i = 0; i < concurrency; i++)
{
    await RequestAsync();
}

var failures = new ConcurrentDictionary<string, int>();
var clock = Stopwatch.StartNew();
var perWorker = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    List<double> latencies = [];
    while (clock.Elapsed < duration)
    {
        var start = Stopwatch.GetTimestamp();
        var status = await RequestAsync();
        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        if (status != "200")
        {
            failures.AddOrUpdate(status, 1, (_, n) => n + 1);
        }
    }

    return latencies;
}));
var elapsed = clock.Elapsed.TotalSeconds;

var all = perWorker.SelectMany(l => l).Order().ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"requests {all.Count} in {elapsed:F1} s at concurrency {concurrency}: {all.Count / elapsed:F1} req/s; "
    + $"latency ms p50 {Percentile(0.50):F0}, p95 {Percentile(0.95):F0}, p99 {Percentile(0.99):F0}, max {all[^1]:F0}; "
    + $"failures {(failures.IsEmpty ? "none" : string.Join(", ", failures.Select(f => $"{f.Key} x{f.Value}")))}"));
return failures.IsEmpty ? 0 : 1;

// Nearest-rank percentile.
double Percentile(double p) => all[Math.Max(0, (int)Math.Ceiling(p * all.Count) - 1)];

async Task<string> RequestAsync()
{
    try
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = getPath is null ? await client.PostAsync(new Uri("predict", UriKind.Relative), content) : await client.GetAsync(getPath);
        await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }
    catch (HttpRequestException e)
    {
        return e.GetType().Name;
    }
}
