namespace MlPipeline.ImageGen.Codecs;

/// <summary>Builds the smallest APP1 segment that carries an EXIF Orientation tag.</summary>
internal static class ExifSegment
{
    /// <summary>Returns a copy of <paramref name="jpeg"/> with the segment inserted right after SOI, where EXIF readers expect it.</summary>
    public static byte[] InsertOrientation(ReadOnlySpan<byte> jpeg, int orientation)
    {
        byte[] segment =
        [
            0xFF, 0xE1, // APP1
            0x00, 0x22, // segment length (34, counting these two bytes), big-endian like all JPEG lengths
            (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0x00, 0x00,
            // TIFF header: little-endian ("II"), magic 42, IFD0 at offset 8 from the "II".
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
            0x01, 0x00, // IFD0 holds one entry
            0x12, 0x01, // tag 0x0112 Orientation
            0x03, 0x00, // type SHORT
            0x01, 0x00, 0x00, 0x00, // count 1
            (byte)orientation, 0x00, 0x00, 0x00, // value, left-justified in the 4-byte field
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];

        const int SoiLength = 2;
        var result = new byte[jpeg.Length + segment.Length];
        jpeg[..SoiLength].CopyTo(result);
        segment.CopyTo(result, SoiLength);
        jpeg[SoiLength..].CopyTo(result.AsSpan(SoiLength + segment.Length));
        return result;
    }
}
