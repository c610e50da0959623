using MlPipeline.Cli;

namespace MlPipeline.Tests.Cli;

/// <summary>Ctrl+C and SIGTERM, by calling the handler directly: no real signal, no timing.</summary>
public sealed class TerminationSignalsTests
{
    private static readonly TimeSpan Never = TimeSpan.FromDays(1);

    [Fact]
    public async Task The_first_signal_cancels_the_verb_and_a_verb_that_then_finishes_keeps_its_exit_code()
    {
        using var signals = new TerminationSignals(Never);
        using var stderr = new StringWriter();
        var verb = FinishesWhenCancelled(exitCode: 0, signals.Token);

        signals.Receive(TerminationSignals.InterruptExitCode);

        Assert.Equal(0, await CliApp.FirstOf(verb, signals, Console(stderr)));
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task A_second_signal_while_the_verb_still_saves_ends_the_run_with_130_and_one_line()
    {
        using var signals = new TerminationSignals(Never);
        using var stderr = new StringWriter();
        var saving = new TaskCompletionSource<int>();

        signals.Receive(TerminationSignals.InterruptExitCode);
        await WhenCancelled(signals.Token);
        Assert.False(signals.Forced.IsCompleted);
        signals.Receive(TerminationSignals.InterruptExitCode);
        signals.Receive(TerminationSignals.InterruptExitCode);

        Assert.Equal(130, await CliApp.FirstOf(saving.Task, signals, Console(stderr)));
        Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_verb_that_outlasts_the_grace_after_SIGTERM_ends_with_143()
    {
        using var signals = new TerminationSignals(TimeSpan.Zero);
        using var stderr = new StringWriter();

        signals.Receive(TerminationSignals.TerminateExitCode);

        Assert.Equal(143, await CliApp.FirstOf(new TaskCompletionSource<int>().Task, signals, Console(stderr)));
        Assert.Contains("Stopped without waiting", stderr.ToString(), StringComparison.Ordinal);
    }

    private static CliConsole Console(StringWriter stderr) => new(TextWriter.Null, stderr, errorIsTerminal: false);

    private static async Task<int> FinishesWhenCancelled(int exitCode, CancellationToken token)
    {
        await WhenCancelled(token);
        return exitCode;
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(cancelled.SetResult);
        return cancelled.Task;
    }
}
