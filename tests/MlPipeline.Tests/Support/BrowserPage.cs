using System.Diagnostics;
using System.Text.Json;

namespace MlPipeline.Tests.Support;

/// <summary>What a classification page showed for an image.</summary>
internal sealed record PageResult(string Label, double Probability, IReadOnlyList<string> FailedRequests);

/// <summary>An element's box on the page, in CSS pixels from the document's top left.</summary>
internal sealed record Box(double X, double Y, double Width, double Height)
{
    /// <summary>Whether the two boxes share any area (touching edges do not count).</summary>
    public bool Overlaps(Box other) =>
        X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;
}

/// <summary>How a page laid out at one viewport and class count (tests/browser/page-layout.mjs).</summary>
internal sealed record PageLayout(
    int Width, int Height, int Classes, IReadOnlyDictionary<string, Box> Boxes, double ScrollWidth, int ClassesShown, string Screenshot);

/// <summary>
/// Drives a classification page in headless Chromium through tests/browser/classify-page.mjs (playwright-core from
/// npm, Debian's /usr/bin/chromium); see that script for the page contract both web pages follow.
/// </summary>
internal static class BrowserPage
{
    /// <summary>A desktop window and a phone's width, where the pages must lay out without overlap.</summary>
    public static readonly (int Width, int Height)[] LayoutViewports = [(1000, 800), (390, 844)];

    /// <summary>The shared model's own 3 classes, and its list widened to 10 and 50 names.</summary>
    public static readonly int[] LayoutClassCounts = [3, 10, 50];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<PageResult> ClassifyAsync(string url, string imagePath) =>
        RunAsync<PageResult>("classify-page.mjs", url, imagePath);

    /// <summary>
    /// Lays the page out at every viewport with every class count, classifying <paramref name="imagePath"/> each
    /// time, and keeps a full-page screenshot of each in <paramref name="screenshotDirectory"/>.
    /// </summary>
    public static Task<List<PageLayout>> LayoutAsync(
        string url, string imagePath, string screenshotDirectory, IEnumerable<(int Width, int Height)> viewports, IEnumerable<int> classCounts) =>
        RunAsync<List<PageLayout>>(
            "page-layout.mjs",
            url,
            imagePath,
            screenshotDirectory,
            string.Join(',', viewports.Select(v => $"{v.Width}x{v.Height}")),
            string.Join(',', classCounts));

    /// <summary>Where the layout tests keep their screenshots: artifacts/test-screenshots/<paramref name="page"/>.</summary>
    public static string ScreenshotDirectory(string page) => Path.Combine(RepositoryRoot.Path, "artifacts", "test-screenshots", page);

    /// <summary>Fails unless header, drop zone, preview and result are apart and the page fits its width.</summary>
    public static void AssertNothingOverlaps(IReadOnlyList<PageLayout> layouts)
    {
        Assert.NotEmpty(layouts);
        foreach (var layout in layouts)
        {
            var at = $"{layout.Width}x{layout.Height}, {layout.Classes} classes ({layout.Screenshot})";
            Assert.Equal(["drop", "header", "preview", "result"], layout.Boxes.Keys.Order(StringComparer.Ordinal));
            Assert.All(layout.Boxes, b => Assert.True(b.Value.Width > 0 && b.Value.Height > 0, $"{b.Key} is not shown at {at}"));
            var overlapping = layout.Boxes
                .SelectMany(a => layout.Boxes.Where(b => string.CompareOrdinal(a.Key, b.Key) < 0 && a.Value.Overlaps(b.Value)).Select(b => $"{a.Key} and {b.Key}"))
                .ToList();
            Assert.True(overlapping.Count == 0, $"{string.Join(", ", overlapping)} overlap at {at}");
            Assert.True(layout.ScrollWidth <= layout.Width, $"the page is {layout.ScrollWidth} px wide at {at}");
            Assert.All(layout.Boxes, b => Assert.True(b.Value.X >= 0 && b.Value.X + b.Value.Width <= layout.Width, $"{b.Key} leaves the viewport at {at}"));
            Assert.Equal(layout.Classes, layout.ClassesShown);
            Assert.True(File.Exists(layout.Screenshot), layout.Screenshot);
        }
    }

    private static async Task<T> RunAsync<T>(string scriptName, params string[] args)
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "browser", scriptName);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[script, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{scriptName} failed ({process.ExitCode}): {await stderr}{await stdout}");
        var result = JsonSerializer.Deserialize<T>(await stdout, Json);
        return result ?? throw new InvalidOperationException($"{scriptName} printed nothing.");
    }
}
