using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using MlPipeline.Cli;
using MlPipeline.Core.Backbones;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Packaging;

/// <summary>The tool as users get it: packed, installed from the package folder, and run as its own command.</summary>
[Trait("Tier", "Package")]
[Collection(ResNet50Tests.Name)]
public sealed class ToolPackageTests(InstalledToolFixture tool, TrainedModelFixture trained)
    : IClassFixture<InstalledToolFixture>, IDisposable
{
    private const long MaxPlatformPackageBytes = 60L * 1024 * 1024;
    private static readonly string[] SupportedPlatforms = ["linux-x64", "linux-arm64", "win-x64", "osx-arm64"];
    private readonly ScratchFolder _root = new();

    // The package version (Directory.Build.props), without the source revision suffix.
    private static string Version => typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Pack_writes_a_pointer_package_and_one_lean_package_per_supported_platform()
    {
        var packages = Directory.GetFiles(tool.PackageFolder, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal([$"MlPipeline.{Version}.nupkg", .. SupportedPlatforms.Select(p => $"MlPipeline.{p}.{Version}.nupkg").Order(StringComparer.Ordinal)], packages);

        foreach (var platform in SupportedPlatforms)
        {
            var path = Path.Combine(tool.PackageFolder, $"MlPipeline.{platform}.{Version}.nupkg");
            Assert.True(new FileInfo(path).Length <= MaxPlatformPackageBytes, $"{platform}: {new FileInfo(path).Length} bytes");
            using var zip = ZipFile.OpenRead(path);
            var natives = zip.Entries.Where(e => IsNativeLibrary(e.Name)).Select(e => e.FullName).ToList();
            // Every native sits flat in the platform's own tool folder: no runtimes/ tree carrying other platforms.
            Assert.All(natives, n => Assert.StartsWith($"tools/net10.0/{platform}/", n, StringComparison.Ordinal));
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("/runtimes/", StringComparison.Ordinal));
            Assert.Contains(natives, n => Path.GetFileName(n).Contains("onnxruntime", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(natives, n => Path.GetFileName(n).Contains("SkiaSharp", StringComparison.Ordinal));
            Assert.Contains(natives, n => Path.GetFileName(n).Contains("HarfBuzzSharp", StringComparison.Ordinal));
        }

        // dotnet tool install resolved the pointer package to this machine's platform package, and only that one.
        var store = Path.Combine(tool.ToolPath, ".store", "mlpipeline", Version);
        Assert.Equal(["mlpipeline", InstalledToolFixture.PlatformPackageId.ToLowerInvariant()],
            Directory.GetDirectories(store).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_installed_command_prints_its_version()
    {
        var run = await tool.Run("--version");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, run.Stdout.Trim());
    }

    [Fact]
    public async Task The_installed_command_predicts_a_generated_image_as_the_library_does()
    {
        var image = Generate("probe", ["circle", "square"], perClass: 1)[0];
        using var classifier = MlNetClassifier.Load(trained.ModelPath);
        var expected = classifier.Predict(image);

        var run = await tool.Run("predict", "--model", trained.ModelPath, "--input", image, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(expected.PredictedLabel, json.RootElement.GetProperty("label").GetString());
        Assert.Equal(expected.Score.Max(), json.RootElement.GetProperty("confidence").GetSingle(), 1e-5);
    }

    [Fact]
    public async Task The_installed_command_trains_evaluates_with_plots_and_exports()
    {
        Generate("data", ["circle", "square", "triangle"], perClass: 4);
        var data = _root.File("data");
        var model = _root.File("model.zip");

        var train = await tool.Run("train", "--data", data, "--output", model, "--cache-dir", BackboneCache.DefaultDirectory(), "--epochs", "1", "--quiet");
        var evaluate = await tool.Run("evaluate", "--model", model, "--data", data, "--report", _root.File("report"), "--quiet");
        var export = await tool.Run("export", "--model", model, "--output", _root.File("model.onnx"), "--quiet");

        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.True(evaluate.ExitCode == 0, evaluate.Stderr);
        // The plots are drawn with SkiaSharp and shaped with HarfBuzz: both natives must have loaded.
        Assert.NotEmpty(Directory.GetFiles(_root.File("report"), "*.png"));
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.True(new FileInfo(_root.File("model.onnx")).Length > 50_000_000);
    }

    [Fact]
    public async Task The_installed_command_serves_predictions()
    {
        var image = Generate("probe", ["square"], perClass: 1)[0];
        using var classifier = MlNetClassifier.Load(trained.ModelPath);
        var url = $"http://127.0.0.1:{FreePort()}";
        using var server = Process.Start(ExternalProcess.StartInfo(tool.Command, ["serve", "--model", trained.ModelPath, "--urls", url], tool.Environment))!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            await WaitUntilHealthy(client, server);
            using var body = new ByteArrayContent(await File.ReadAllBytesAsync(image));
            body.Headers.ContentType = new("image/png");

            using var response = await client.PostAsync(new Uri("/predict", UriKind.Relative), body);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(classifier.Predict(image).PredictedLabel, json.RootElement.GetProperty("label").GetString());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private List<string> Generate(string folder, string[] classes, int perClass) =>
        [.. SyntheticDataset.Generate(_root.File(folder), new SyntheticDatasetSpec
        {
            ClassNames = classes, ImagesPerClass = perClass, MinSide = 64, MaxSide = 96, Formats = [ImageFileFormat.Png],
        }).Images.Select(i => i.Path)];

    private static bool IsNativeLibrary(string name) =>
        name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal)
        || (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && name.StartsWith("lib", StringComparison.OrdinalIgnoreCase))
        || name.StartsWith("onnxruntime", StringComparison.OrdinalIgnoreCase);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilHealthy(HttpClient client, Process server)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (server.HasExited)
            {
                Assert.Fail("serve exited: " + await server.StandardError.ReadToEndAsync());
            }

            try
            {
                using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet: the model takes a few seconds to load.
            }

            await Task.Delay(500);
        }

        Assert.Fail("serve did not become healthy within 60 s");
    }
}
