using System.Buffers.Binary;

namespace MlPipeline.ImageGen.Codecs;

/// <summary>Just enough JPEG marker walking to find where the compressed pixel data begins.</summary>
internal static class JpegLayout
{
    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfScan = 0xDA;

    /// <summary>Offset of the first entropy-coded byte, just past the first SOS segment.</summary>
    public static int ScanDataOffset(ReadOnlySpan<byte> jpeg)
    {
        // Skip SOI; every segment up to SOS is marker (2 bytes) + big-endian length that counts itself.
        int offset = 2;
        while (offset + 4 <= jpeg.Length && jpeg[offset] == MarkerPrefix)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(offset + 2)..]);
            int next = offset + 2 + length;
            if (jpeg[offset + 1] == StartOfScan)
            {
                return next;
            }

            offset = next;
        }

        throw new InvalidOperationException("no start-of-scan marker found in the encoded JPEG");
    }
}
