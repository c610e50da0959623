using System.Runtime.InteropServices;
using MlPipeline.Core;
using MlPipeline.Serving.Http;

namespace MlPipeline.Serving;

/// <summary>
/// The <c>serve</c> job: starts <see cref="ModelServer"/>, says where it listens and what it risks, reloads the
/// model on SIGHUP, and serves until <c>ct</c> is cancelled (Ctrl+C, SIGTERM), finishing the requests in flight.
/// </summary>
/// <param name="stdout">The service's own lines: what is served, where, and with which limits.</param>
/// <param name="stderr">Warnings.</param>
public sealed class ServeRunner(TextWriter stdout, TextWriter stderr)
{
    /// <summary>Runs the service to its end.</summary>
    /// <exception cref="MlPipelineException">Bad options, an unusable model, or an address that cannot be bound.</exception>
    public async Task<ExitCode> RunAsync(ServeOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var server = await ModelServer.StartAsync(options, ct);
        stdout.WriteLine($"Serving {options.ModelPath} ({string.Join(", ", server.Classes)}; sha256 {server.ModelSha256}) on {string.Join(", ", server.Urls)}");
        foreach (var exposed in ExposedAddresses.NonLoopback(server.Urls))
        {
            stderr.WriteLine(options.ApiKeyFile is null
                ? $"warning: {exposed} is reachable from other machines; the service has no authentication or TLS (put a reverse proxy in front)."
                : $"warning: {exposed} is reachable from other machines; the API key and the images travel as plain HTTP (put a TLS proxy in front).");
        }

        stdout.WriteLine($"{options.MaxConcurrency} at once, {options.QueueLimit} queued, bodies up to {ByteSize.Format(options.MaxBodyBytes)}, {ByteSize.Format(options.BufferedBytesBudget)} buffered.{ReloadNote(options)} Ctrl+C stops.");
        // Windows has no SIGHUP; POST /admin/reload does the same there.
        using var hangup = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            // Handled: the default action would end the process without draining.
            signal.Cancel = true;
            server.RequestReload();
        });
        await server.WaitForShutdownAsync(ct);
        stdout.WriteLine("Stopped; in-flight requests were finished.");
        return ExitCode.Success;
    }

    private static string ReloadNote(ServeOptions options) =>
        options.Watch ? " Reloads when the model file is replaced, or on SIGHUP." : " Reloads on SIGHUP.";
}
