using System.Text;

namespace MlPipeline.Core.Imaging;

/// <summary>Tells an image's format from its first bytes (its magic number), whatever its file name says.</summary>
public static class ImageFormat
{
    /// <summary>Formats the decoder reads, with the file extensions that name them.</summary>
    public static IReadOnlyDictionary<string, string[]> Supported { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["jpeg"] = [".jpg", ".jpeg"],
        ["png"] = [".png"],
        ["gif"] = [".gif"],
        ["bmp"] = [".bmp"],
        ["webp"] = [".webp"],
    };

    /// <summary>The format name (<c>jpeg</c>, <c>png</c>, ..., or an unsupported one such as <c>tiff</c>), or null when unknown.</summary>
    public static string? Detect(ReadOnlySpan<byte> head) => head switch
    {
        _ when head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => "jpeg",
        _ when head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) => "png",
        _ when head.StartsWith("GIF8"u8) => "gif",
        _ when head.StartsWith("BM"u8) => "bmp",
        _ when head.StartsWith("RIFF"u8) && head.Length >= 12 && head[8..12].SequenceEqual("WEBP"u8) => "webp",
        _ when head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) => "tiff",
        _ when head.StartsWith("8BPS"u8) => "psd",
        _ when head.StartsWith("%PDF"u8) => "pdf",
        _ when head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) => IsoBrand(head[8..12]),
        _ => null,
    };

    /// <summary>Whether the decoder reads <paramref name="format"/>.</summary>
    public static bool IsSupported(string format) => Supported.ContainsKey(format);

    // HEIF containers name their codec in the 'ftyp' box: avif for AV1, heic/heix/mif1 for HEVC.
    private static string? IsoBrand(ReadOnlySpan<byte> brand)
    {
        var text = Encoding.ASCII.GetString(brand);
        if (text.StartsWith("avi", StringComparison.Ordinal))
        {
            return "avif";
        }

        return text.StartsWith("hei", StringComparison.Ordinal) || text.StartsWith("mif", StringComparison.Ordinal) ? "heic" : null;
    }
}
