using System.Text.Json;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Export;

/// <summary>
/// The onnxruntime-web build the exported page runs on, fetched once with the user's npm client into the tool's
/// cache (like the backbone), pinned by the version and sha512 in Export/web/package-lock.json.
/// </summary>
internal static class OnnxRuntimeWeb
{
    private const string PackageName = "onnxruntime-web";

    /// <summary>
    /// The wasm-only bundle and what it loads at run time: no WebGL/WebGPU code, so the page needs nothing else.
    /// </summary>
    public static IReadOnlyList<string> PageFiles { get; } = ["ort.wasm.min.js", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

    /// <summary>Returns the package's dist folder in the cache, fetching and verifying the package on first use.</summary>
    /// <exception cref="MlPipelineException">npm is missing or failed, or the tarball is not the pinned one.</exception>
    public static async Task<string> EnsureDistAsync(string cacheDirectory, IRunObserver observer, CancellationToken ct)
    {
        var (version, integrity) = PinnedVersion();
        var root = Path.Combine(Path.GetFullPath(cacheDirectory), PackageName);
        var packageDir = Path.Combine(root, version);
        var dist = Path.Combine(packageDir, "package", "dist");
        Directory.CreateDirectory(root);
        using (await CacheLock.AcquireAsync(Path.Combine(root, ".lock"), ct))
        {
            if (PageFiles.All(f => File.Exists(Path.Combine(dist, f))))
            {
                return dist;
            }

            var spec = $"{PackageName}@{version}";
            var howToSupply = $"Fetch it elsewhere with 'npm pack {spec}' and unpack it into {packageDir} (giving {dist}).";
            observer.Info($"Fetching {spec} with npm (about 33 MB, once; cached in {root})...");
            await NpmPackage.FetchAsync(spec, integrity, packageDir, howToSupply, ct);
        }

        return PageFiles.All(f => File.Exists(Path.Combine(dist, f)))
            ? dist
            : throw new MlPipelineException(ExitCode.OutputError, $"{PackageName}@{version} lacks {string.Join(", ", PageFiles)}.");
    }

    private static (string Version, string Integrity) PinnedVersion()
    {
        using var lockFile = WebAssets.Open("package-lock.json");
        using var json = JsonDocument.Parse(lockFile);
        var package = json.RootElement.GetProperty("packages").GetProperty($"node_modules/{PackageName}");
        return (package.GetProperty("version").GetString()!, package.GetProperty("integrity").GetString()!);
    }
}
