using System.Buffers.Binary;
using System.IO.Compression;

namespace MlPipeline.Core.Models;

/// <summary>
/// Reads the backbone ONNX model that ML.NET stored inside a model zip, so export needs nothing but the zip (no
/// backbone cache, no network). ML.NET has no public API for those bytes; its OnnxTransformer saves them as a
/// zip entry named <c>OnnxModel</c>: a little-endian int32 length, then the model file unchanged.
/// </summary>
internal static class EmbeddedBackbone
{
    /// <summary>The zip entry ML.NET stores the ONNX model in.</summary>
    public const string EntryName = "OnnxModel";

    /// <summary>Returns the ONNX bytes, checked against the SHA-256 the manifest recorded at training time.</summary>
    /// <exception cref="MlPipelineException">No single ONNX entry, a malformed one, or a hash mismatch.</exception>
    public static byte[] Read(string modelPath, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var zip = ZipFile.OpenRead(modelPath);
        var entries = zip.Entries.Where(e => e.Name == EntryName).ToList();
        if (entries.Count != 1)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath} holds {entries.Count} ONNX models; expected exactly the backbone.");
        }

        using var stream = entries[0].Open();
        Span<byte> prefix = stackalloc byte[sizeof(int)];
        stream.ReadExactly(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length <= 0 || length != entries[0].Length - sizeof(int))
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{modelPath}: the stored backbone has an unexpected layout.");
        }

        var onnx = new byte[length];
        stream.ReadExactly(onnx);
        var sha256 = ContentHash.Sha256(onnx);
        if (!string.Equals(sha256, manifest.Backbone.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new MlPipelineException(
                ExitCode.ModelError,
                $"{modelPath}: the stored backbone's SHA-256 {sha256} differs from the manifest's {manifest.Backbone.Sha256}.");
        }

        return onnx;
    }
}
