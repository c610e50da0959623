using System.Diagnostics;
using System.Text.Json;

namespace MlPipeline.Tests.Support;

/// <summary>What a classification page showed for an image.</summary>
internal sealed record PageResult(string Label, double Probability, IReadOnlyList<string> FailedRequests);

/// <summary>
/// Drives a classification page in headless Chromium through tests/browser/classify-page.mjs (playwright-core from
/// npm, Debian's /usr/bin/chromium); see that script for the page contract both web pages follow.
/// </summary>
internal static class BrowserPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<PageResult> ClassifyAsync(string url, string imagePath)
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "browser", "classify-page.mjs");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, url, imagePath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"classify-page.mjs failed ({process.ExitCode}): {await stderr}{await stdout}");
        var result = JsonSerializer.Deserialize<PageResult>(await stdout, Json);
        return result ?? throw new InvalidOperationException("classify-page.mjs printed nothing.");
    }
}
