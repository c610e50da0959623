using System.Runtime.InteropServices;

namespace MlPipeline.Cli;

/// <summary>
/// Ctrl+C and SIGTERM. The first signal cancels the verb's token and gives the verb <c>grace</c> to finish (serve
/// drains its in-flight requests, train completes a save it has started); a second signal, or the end of the grace,
/// ends the run at once with 130 (SIGINT) or 143 (SIGTERM). Handled here rather than by System.CommandLine, whose
/// handler throws from the signal thread when a second signal comes while the first one waits (exit 134).
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    public const int InterruptExitCode = 130;
    public const int TerminateExitCode = 143;

    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource<int> _forced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _grace;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    /// <summary>Listens to nothing: <see cref="Receive"/> is the signal (tests call it).</summary>
    public TerminationSignals(TimeSpan grace) => _grace = grace;

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Completes with the exit code when the run must end without waiting for the verb any longer.</summary>
    public Task<int> Forced => _forced.Task;

    /// <summary>Listens to SIGINT and SIGTERM of this process until disposed.</summary>
    public static TerminationSignals Register(TimeSpan grace)
    {
        var signals = new TerminationSignals(grace);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            signals._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Handled here: the runtime's default would end the process before the verb can clean up.
                context.Cancel = true;
                signals.Receive(context.Signal == PosixSignal.SIGINT ? InterruptExitCode : TerminateExitCode);
            }));
        }

        return signals;
    }

    /// <summary>One signal; safe to call from any thread, any number of times.</summary>
    public void Receive(int exitCode)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            _forced.TrySetResult(exitCode);
            return;
        }

        // Never from the signal thread: cancellation callbacks run synchronously and one that throws must not end the process.
        _ = Task.Run(async () =>
        {
            try
            {
                await _cancel.CancelAsync();
            }
            catch (AggregateException)
            {
                // A callback failed; the verb still sees the token cancelled.
            }

            await Task.Delay(_grace);
            _forced.TrySetResult(exitCode);
        });
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
