using System.CommandLine;
using MlPipeline.Core;
using MlPipeline.Serving;
using MlPipeline.Serving.Http;

namespace MlPipeline.Cli.Commands;

/// <summary><c>serve</c>: binds options, starts <see cref="ModelServer"/> and keeps it up until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model("Model zip written by train; its validation metrics are shown by GET /model.");
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated; port 0 picks a free one.",
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
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (ByteSize.TryParse(text, out var bytes))
                {
                    return bytes;
                }

                r.AddError($"--max-body-size: '{text}' is not a size such as 10MB, 512KB or 2048.");
                return 0;
            },
        };
        var queueLimit = new Option<int>("--queue-limit")
        {
            Description = "Requests that may wait for a free slot; beyond that the service answers 503 with Retry-After.",
            DefaultValueFactory = _ => ServeOptions.DefaultQueueLimit,
        };

        var command = new Command("serve", """
            Serve a trained model over HTTP: POST /predict, POST /predict/batch, GET /model, GET /healthz, and an upload page at /.
            Example: mlpipeline serve --model artifacts/model.zip --urls http://127.0.0.1:5000
            """)
        {
            model, urls, maxConcurrency, maxBodySize, queueLimit,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new ServeOptions(
                parse.GetValue(model)!,
                parse.GetValue(urls)!,
                parse.GetValue(maxConcurrency),
                parse.GetValue(maxBodySize),
                parse.GetValue(queueLimit));
            return CommandRunner.RunAsync(console, async () =>
            {
                await using var server = await ModelServer.StartAsync(options, ct);
                console.Out.WriteLine($"Serving {options.ModelPath} ({string.Join(", ", server.Manifest.Classes)}) on {string.Join(", ", server.Urls)}");
                foreach (var exposed in ExposedAddresses.NonLoopback(server.Urls))
                {
                    console.Error.WriteLine($"warning: {exposed} is reachable from other machines; the service has no authentication or TLS (put a reverse proxy in front).");
                }

                console.Out.WriteLine($"{options.MaxConcurrency} at once, {options.QueueLimit} queued, bodies up to {ByteSize.Format(options.MaxBodyBytes)}. Ctrl+C stops.");
                await server.WaitForShutdownAsync(ct);
                console.Out.WriteLine("Stopped; in-flight requests were finished.");
                return ExitCode.Success;
            });
        });
        return command;
    }
}
