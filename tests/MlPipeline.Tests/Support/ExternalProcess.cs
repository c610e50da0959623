using System.Diagnostics;

namespace MlPipeline.Tests.Support;

/// <summary>Runs any program (dotnet, an installed tool) to completion with its output captured.</summary>
internal static class ExternalProcess
{
    public static async Task<CliRun> RunAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var process = Process.Start(StartInfo(fileName, args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} ran longer than {timeout}.\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
