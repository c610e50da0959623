using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MlPipeline.Tests.Support;

/// <summary>
/// <c>mlpipeline serve</c> as its own process on a free loopback port: the deployment shape, with its own runtime
/// configuration, signal handling and memory, which the in-process server of the other serve tests does not have.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private const string ServingLine = "Serving ";
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts serve and returns once it prints where it listens (its line comes after the listener is up).</summary>
    public static async Task<ServeProcess> StartAsync(string modelPath, params string[] args)
    {
        var start = new ProcessStartInfo(ToolProcess.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "mlpipeline.dll"), "serve", "--model", modelPath, "--urls", "http://127.0.0.1:0", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(Process.Start(start)!);
        serve._process.OutputDataReceived += (_, e) => serve.OnStdout(e.Data);
        serve._process.ErrorDataReceived += (_, e) => serve.OnStderr(e.Data);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var exited = serve._process.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var first = await Task.WhenAny(serve._listening.Task, exited).WaitAsync(timeout.Token);
        if (first != serve._listening.Task)
        {
            throw new InvalidOperationException($"serve exited with {serve._process.ExitCode} before listening: {serve.Stderr}");
        }

        serve.BaseAddress = await serve._listening.Task;
        return serve;
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
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        // "Serving <zip> (<classes>; sha256 <hash>) on http://127.0.0.1:<port>"
        if (line.StartsWith(ServingLine, StringComparison.Ordinal))
        {
            _listening.TrySetResult(new Uri(line[(line.LastIndexOf(" on ", StringComparison.Ordinal) + 4)..].Split(',')[0].Trim()));
        }
    }

    private void OnStderr(string? line)
    {
        if (line is not null)
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
