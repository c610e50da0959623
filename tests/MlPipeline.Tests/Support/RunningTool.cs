using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MlPipeline.Tests.Support;

/// <summary>
/// <c>mlpipeline</c> running as its own process, watched while it runs: its lines as they come, kill(1) signals and
/// /proc memory, for the behaviours only a real process has (signal handling, its runtime configuration, RSS).
/// </summary>
internal sealed class RunningTool : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Seen)> _waiters = [];

    private RunningTool(Process process) => _process = process;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public static RunningTool Start(params string[] args)
    {
        // Through env(1) with the signals the tests send reset to their defaults: a shell starts background jobs with
        // SIGINT and SIGQUIT ignored, the tool inherits that, and the runtime honours it, so a test run launched with
        // `&` (as a CI runner or a loop may do) would send SIGINT into the void and wait out its patience.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM,HUP,QUIT");
        start.ArgumentList.Add(ToolProcess.DotnetHost());
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlpipeline.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var tool = new RunningTool(Process.Start(start)!);
        tool._process.OutputDataReceived += (_, e) => tool.OnLine(tool._stdout, e.Data);
        tool._process.ErrorDataReceived += (_, e) => tool.OnLine(tool._stderr, e.Data);
        tool._process.BeginOutputReadLine();
        tool._process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>The first line (stdout or stderr) that matches, waiting for it; fails if the process ends first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var earlier = (Read(_stdout) + Read(_stderr)).Split('\n').FirstOrDefault(matches);
            if (earlier is not null)
            {
                return earlier;
            }

            _waiters.Add((matches, seen));
        }

        using var timeout = new CancellationTokenSource(Patience);
        var first = await Task.WhenAny(seen.Task, _process.WaitForExitAsync(timeout.Token));
        return first == seen.Task
            ? await seen.Task
            : throw new InvalidOperationException($"mlpipeline exited with {_process.ExitCode} before the line it was waited for: {Stderr}");
    }

    /// <summary>The process's resident memory, from <c>/proc</c>.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Sends a signal as an operator would, with kill(1).</summary>
    public async Task SignalAsync(string name)
    {
        using var kill = Process.Start("kill", ["-s", name, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {name} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    /// <exception cref="TimeoutException">It still runs after <paramref name="limit"/>; the message holds what it printed.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // What it printed last tells how far its shutdown got, which a bare cancellation does not.
            throw new TimeoutException($"mlpipeline still runs after {limit.TotalSeconds:0} s.\nstdout:\n{Tail(Stdout)}\nstderr:\n{Tail(Stderr)}");
        }

        return _process.ExitCode;
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(20));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private void OnLine(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waiters)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            foreach (var waiter in _waiters.Where(w => w.Matches(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }
}
