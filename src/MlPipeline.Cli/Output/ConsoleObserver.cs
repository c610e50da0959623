using System.Diagnostics;
using System.Globalization;
using MlPipeline.Core.Reporting;
using Spectre.Console;

namespace MlPipeline.Cli.Output;

/// <summary>
/// Shows the core's messages and progress on stderr: a live bar with images/s and ETA on a terminal, plain
/// lines every few seconds otherwise (CI logs, pipes). With --quiet only warnings (and the errors the command
/// prints) reach stderr.
/// </summary>
internal sealed class ConsoleObserver(CliConsole console, bool quiet) : IRunObserver
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _writeLock = new();

    public void Info(string message)
    {
        if (!quiet)
        {
            WriteLine(message);
        }
    }

    public void Warn(string message) => WriteLine($"warning: {message}");

    public T Track<T>(string description, int total, Func<Action<int>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (quiet)
        {
            return work(_ => { });
        }

        if (console.ErrorIsTerminal)
        {
            return console.ErrorConsole.Progress()
                .AutoClear(false)
                .Columns(
                    new TaskDescriptionColumn(),
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new ItemsPerSecondColumn(),
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(description, maxValue: total);
                    return work(n => task.Increment(n));
                });
        }

        return TrackWithPlainLines(description, total, work);
    }

    private T TrackWithPlainLines<T>(string description, int total, Func<Action<int>, T> work)
    {
        var stopwatch = Stopwatch.StartNew();
        var done = 0;
        var lastLine = TimeSpan.Zero;
        WriteLine($"{description}: 0/{total}");
        var result = work(n =>
        {
            var now = Interlocked.Add(ref done, n);
            var elapsed = stopwatch.Elapsed;
            if (elapsed - lastLine >= PlainLineInterval && now < total)
            {
                lastLine = elapsed;
                WriteLine(ProgressLine(description, now, total, elapsed));
            }
        });
        WriteLine(ProgressLine(description, done, total, stopwatch.Elapsed));
        return result;
    }

    private static string ProgressLine(string description, int done, int total, TimeSpan elapsed)
    {
        var rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{description}: {done}/{total} ({100.0 * done / Math.Max(total, 1):F0}%), {rate:F1} images/s, elapsed {elapsed:mm\\:ss}, ETA {eta:mm\\:ss}");
    }

    private void WriteLine(string message)
    {
        lock (_writeLock)
        {
            console.Error.WriteLine(message);
        }
    }
}
