using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlPipeline.Core.IO;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// Keeps what scoring needs from a model zip, so that only the first run on a zip pays for loading it through
/// ML.NET (about 2 s: deflating the 98 MB backbone and building the pipeline) and later runs start in a fraction
/// of that: the backbone ONNX extracted once, named by its SHA-256, and the head's numbers with the model's own class
/// names, named by a hash of the zip's other entries and carrying a hash of its own content. Both are checked on every
/// use, and the zip's own backbone entry is checked once per version of the zip file (see <see cref="EntryStamp"/>);
/// when the cache folder cannot be written, everything is read from the zip and kept in memory.
/// </summary>
internal static class ModelCache
{
    private const string Folder = "scoring";

    // Each fine-tuned or quantized model has a backbone of its own (up to 100 MB), so the cache keeps only the most
    // recently used few; a pruned entry only costs its next user one load from the zip.
    private const int KeptBackbones = 6;
    private const int KeptHeads = 256;

    // Another process may have just checked an entry and not yet opened it; what was used this recently stays.
    private static readonly TimeSpan InUse = TimeSpan.FromMinutes(10);

    /// <summary>What a cache lookup yields; exactly one of <paramref name="OnnxPath"/> and <paramref name="OnnxBytes"/> is set.</summary>
    public sealed record Entry(ModelManifest Manifest, string? OnnxPath, byte[]? OnnxBytes, HeadParameters Head, IReadOnlyList<string> Classes);

    public static Entry Open(string modelPath, string cacheDirectory)
    {
        var manifest = ModelStore.ReadManifest(modelPath);
        var folder = Path.Combine(cacheDirectory, Folder);
        var (head, classes) = ReadHead(modelPath, folder);
        // The model's own class names are the authority; an edited manifest fails here on every run, cached or not.
        ModelLabels.EnsureManifestMatches(manifest, classes, modelPath);
        var backbonePath = Path.Combine(folder, $"{manifest.Backbone.Sha256.ToLowerInvariant()}.onnx");
        var stampPath = Path.Combine(folder, $"{EntryStamp(modelPath)}.checked");
        if (IsStamped(stampPath, manifest.Backbone.Sha256) && HasSha256(backbonePath, manifest.Backbone.Sha256))
        {
            MarkUsed(stampPath);
            MarkUsed(backbonePath);
            return new Entry(manifest, backbonePath, null, head, classes);
        }

        // This version of the zip has not been read here: its own entry is the authority, whatever the cache holds.
        var onnx = ReadEmbedded(modelPath, manifest);
        if (TryWrite(stampPath, path => File.WriteAllText(path, manifest.Backbone.Sha256.ToLowerInvariant())))
        {
            Prune(folder, "*.checked", KeptHeads);
        }

        if (HasSha256(backbonePath, manifest.Backbone.Sha256))
        {
            MarkUsed(backbonePath);
            return new Entry(manifest, backbonePath, null, head, classes);
        }

        if (!TryWrite(backbonePath, path => File.WriteAllBytes(path, onnx)))
        {
            return new Entry(manifest, null, onnx, head, classes);
        }

        Prune(folder, "*.onnx", KeptBackbones);
        return new Entry(manifest, backbonePath, null, head, classes);
    }

    private static (HeadParameters Head, IReadOnlyList<string> Classes) ReadHead(string modelPath, string folder)
    {
        var key = HeadKey(modelPath);
        var headPath = Path.Combine(folder, $"{key}.head.json");
        if (CachedHead.Read(headPath, key) is { } cached)
        {
            MarkUsed(headPath);
            return (cached.Head, cached.Classes);
        }

        var model = ModelStore.Load(modelPath);
        HeadParameters head;
        IReadOnlyList<string> classes;
        try
        {
            head = HeadParameters.From(model.Model);
            classes = ModelLabels.Read(model.MLContext, model.Model, modelPath);
        }
        finally
        {
            // The ML.NET pipeline holds its own ONNX Runtime session of the backbone (some 200 MB); only its numbers are kept.
            (model.Model as IDisposable)?.Dispose();
        }

        if (classes.Count != head.ClassCount)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath}: the head scores {head.ClassCount} classes but the model names {classes.Count}.");
        }

        var json = JsonSerializer.Serialize(CachedHead.Create(key, classes, head), ModelStore.CompactJson);
        if (TryWrite(headPath, path => File.WriteAllText(path, json)))
        {
            Prune(folder, "*.head.json", KeptHeads);
        }

        return (head, classes);
    }

    // Every entry but the backbone's bytes goes into the key in full (they are small: the head, the manifest, ML.NET's
    // schema); the backbone enters by its length and CRC, and its bytes are checked against the manifest's SHA-256.
    private static string HeadKey(string modelPath)
    {
        try
        {
            using var zip = ZipFile.OpenRead(modelPath);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> number = stackalloc byte[sizeof(long)];
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(entry.FullName));
                BinaryPrimitives.WriteInt64LittleEndian(number, entry.Length);
                hash.AppendData(number);
                BinaryPrimitives.WriteInt64LittleEndian(number, entry.Crc32);
                hash.AppendData(number);
                if (entry.Name != EmbeddedBackbone.EntryName)
                {
                    using var content = entry.Open();
                    hash.AppendData(ReadAll(content));
                }
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath} is not a readable model zip: {e.Message}", e);
        }
    }

    // The cached backbone is named by the manifest's SHA-256, but the zip's own entry may have been damaged since it
    // was extracted. Hashing that entry costs what the cache saves, so it is hashed once per version of the zip: the
    // stamp names the file (full path, size, write time) and the entry (CRC-32 and sizes from the central directory),
    // so rewriting the entry or the file in place both lead to a fresh check.
    private static string EntryStamp(string modelPath)
    {
        try
        {
            var file = new FileInfo(modelPath);
            using var zip = ZipFile.OpenRead(modelPath);
            var entries = zip.Entries.Where(e => e.Name == EmbeddedBackbone.EntryName).Select(e => $"{e.FullName}:{e.Crc32}:{e.Length}:{e.CompressedLength}");
            var stamp = $"{file.FullName}\n{file.Length}\n{file.LastWriteTimeUtc.Ticks}\n{string.Join('\n', entries)}";
            return ContentHash.Sha256(Encoding.UTF8.GetBytes(stamp));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath} is not a readable model zip: {e.Message}", e);
        }
    }

    private static bool IsStamped(string stampPath, string sha256)
    {
        try
        {
            return string.Equals(File.ReadAllText(stampPath).Trim(), sha256, StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static byte[] ReadEmbedded(string modelPath, ModelManifest manifest)
    {
        try
        {
            return EmbeddedBackbone.Read(modelPath, manifest);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath}: the stored backbone cannot be read: {e.Message}", e);
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static bool HasSha256(string path, string sha256)
    {
        try
        {
            return string.Equals(ContentHash.OfFile(path), sha256, StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A cache that cannot be written only costs speed: the caller falls back to what it holds in memory.
    private static bool TryWrite(string path, Action<string> write)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, write);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MlPipelineException)
        {
            return false;
        }
    }

    // The write time is the last use, so pruning drops what was used longest ago.
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only cache still serves; it just cannot record the use.
        }
    }

    internal static void Prune(string folder, string pattern, int keep)
    {
        var recent = DateTime.UtcNow - InUse;
        foreach (var stale in new DirectoryInfo(folder).GetFiles(pattern).OrderByDescending(f => f.LastWriteTimeUtc).Skip(keep).Where(f => f.LastWriteTimeUtc < recent))
        {
            try
            {
                stale.Delete();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process may be using or removing it; the next prune tries again.
            }
        }
    }
}
