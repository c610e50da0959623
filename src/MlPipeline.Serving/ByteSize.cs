using System.Globalization;

namespace MlPipeline.Serving;

/// <summary>Parses sizes such as <c>10MB</c>, <c>512KB</c> or <c>2048</c> (binary units: 1 KB = 1024 bytes).</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
        [("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1)];

    /// <summary>Reads a size; false for anything that is not a positive whole number of bytes.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var trimmed = text?.Trim() ?? "";
        var (suffix, factor) = Units.FirstOrDefault(u => trimmed.EndsWith(u.Suffix, StringComparison.OrdinalIgnoreCase), ("", 1));
        var number = trimmed[..^suffix.Length].Trim();
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        var total = value * factor;
        if (total > long.MaxValue || total != decimal.Truncate(total))
        {
            return false;
        }

        bytes = (long)total;
        return true;
    }

    /// <summary>Writes a size the way people read it: <c>10 MB</c>, <c>1.5 KB</c>, <c>300 B</c>.</summary>
    public static string Format(long bytes)
    {
        var (suffix, factor) = Units.First(u => bytes >= u.Factor || u.Factor == 1);
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round((decimal)bytes / factor, 1)} {suffix}");
    }
}
