using System.Text;

namespace MlPipeline.Core.Dataset;

/// <summary>
/// Identifies the exact data a model was trained or evaluated on: SHA-256 over every used file's relative path and
/// content hash, in order. Renaming, adding, removing or editing any image changes it.
/// </summary>
public static class DatasetFingerprint
{
    /// <summary>Computes the fingerprint of (relative path, content SHA-256) pairs, in the order given.</summary>
    public static string Compute(IEnumerable<(string RelativePath, string ContentSha256)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder();
        foreach (var (relativePath, contentSha256) in files)
        {
            text.Append(relativePath).Append('\t').Append(contentSha256).Append('\n');
        }

        return ContentHash.Sha256(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
