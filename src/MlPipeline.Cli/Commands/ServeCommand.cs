using System.CommandLine;
using System.CommandLine.Parsing;
using MlPipeline.Serving;

namespace MlPipeline.Cli.Commands;

/// <summary><c>serve</c>: binds options into <see cref="ServeOptions"/> and runs <see cref="ServeRunner"/>.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console) => Create(console, out _);

    /// <summary>The command, and how its action turns a parse into the runner's options (which tests check).</summary>
    internal static Command Create(CliConsole console, out Func<ParseResult, ServeOptions> bind)
    {
        var model = CommonOptions.Model("Model zip written by train; its validation metrics are shown by GET /model.");
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated, plain http:// only; port 0 picks a free one.",
            DefaultValueFactory = _ => ServeOptions.DefaultUrls,
        };
        var maxConcurrency = new Option<int>("--max-concurrency")
        {
            Description = "Requests scored at once (their images share inference batches); default: one per core.",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxConcurrency,
        };
        var maxBodySize = new Option<long>("--max-body-size")
        {
            Description = "Largest request body, e.g. 10MB, 512KB, 2048; larger ones get 413.",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxBodyBytes,
            CustomParser = r => ParseSize(r, "--max-body-size"),
        };
        var maxBufferedSize = new Option<long?>("--max-buffered-size")
        {
            Description = "Upload bytes held in memory across all requests; beyond it new uploads get 503 with Retry-After. Default: 64MB, or --max-body-size if larger.",
            CustomParser = r => ParseSize(r, "--max-buffered-size"),
        };
        var maxConnections = new Option<int>("--max-connections")
        {
            Description = "Open connections accepted at once.",
            DefaultValueFactory = _ => ServeOptions.DefaultMaxConnections,
        };
        var queueLimit = new Option<int>("--queue-limit")
        {
            Description = "Requests that may wait for a free slot; beyond that the service answers 503 with Retry-After.",
            DefaultValueFactory = _ => ServeOptions.DefaultQueueLimit,
        };
        var watch = new Option<bool>("--watch")
        {
            Description = "Reload the model when its file is replaced (write the new zip beside it and rename it over). SIGHUP and POST /admin/reload reload on demand.",
        };
        var apiKeyFile = new Option<string?>("--api-key-file")
        {
            Description = "File holding an API key: /predict, /predict/batch and /admin/reload then need 'Authorization: Bearer <key>'.",
        };
        var noMetrics = new Option<bool>("--no-metrics") { Description = "No GET /metrics and no request measurements." };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "Request log lines on stderr: plain or json.",
            DefaultValueFactory = _ => "plain",
        };
        logFormat.AcceptOnlyFromAmong("plain", "json");
        var quiet = CommonOptions.Quiet();
        quiet.Description = "Log failures only: lines for 4xx and 5xx answers and refused reloads, none for answered requests or reload notices.";
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("serve", """
            Serve a trained model over HTTP: POST /predict, POST /predict/batch, GET /model, GET /healthz, GET /readyz, GET /metrics, GET /openapi.json, POST /admin/reload, and an upload page at /.
            Example: mlpipeline serve --model artifacts/model.zip --urls http://127.0.0.1:5000 --watch
            """)
        {
            model, urls, maxConcurrency, maxBodySize, maxBufferedSize, maxConnections, queueLimit, watch, apiKeyFile, noMetrics, logFormat, quiet, cache,
        };
        bind = parse => new ServeOptions(
            parse.GetValue(model)!,
            parse.GetValue(urls)!,
            parse.GetValue(maxConcurrency),
            parse.GetValue(maxBodySize),
            parse.GetValue(queueLimit))
        {
            MaxBufferedBytes = parse.GetValue(maxBufferedSize),
            MaxConnections = parse.GetValue(maxConnections),
            Watch = parse.GetValue(watch),
            ApiKeyFile = parse.GetValue(apiKeyFile),
            Metrics = !parse.GetValue(noMetrics),
            LogFormat = parse.GetValue(logFormat) == "json" ? ServeLogFormat.Json : ServeLogFormat.Plain,
            Quiet = parse.GetValue(quiet),
            CacheDirectory = parse.GetValue(cache),
        };
        var toOptions = bind;
        command.SetAction((parse, ct) =>
        {
            var options = toOptions(parse);
            return CommandRunner.RunAsync(console, () => new ServeRunner(console.Out, console.Error).RunAsync(options, ct));
        });
        return command;
    }

    private static long ParseSize(ArgumentResult result, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ByteSize.TryParse(text, out var bytes))
        {
            return bytes;
        }

        result.AddError($"{option}: '{text}' is not a size such as 10MB, 512KB or 2048.");
        return 0;
    }
}
