using System.Buffers.Binary;

namespace MlPipeline.ImageGen.Codecs;

/// <summary>
/// Writes uncompressed 24-bit BMP (BITMAPINFOHEADER, bottom-up rows), because SkiaSharp 2.88 can
/// decode BMP but not encode it. Alpha is dropped.
/// </summary>
internal static class BmpWriter
{
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;
    private const int PixelDataOffset = FileHeaderSize + InfoHeaderSize;
    private const int BytesPerPixel = 3;

    // 72 DPI; readers ignore it but some tools show zero as a broken resolution.
    private const int PixelsPerMetre = 2835;

    public static byte[] Write(PixelBuffer pixels)
    {
        // Each row is padded to a multiple of four bytes.
        int rowSize = ((pixels.Width * BytesPerPixel) + 3) & ~3;
        int imageSize = checked(rowSize * pixels.Height);
        var bytes = new byte[PixelDataOffset + imageSize];
        var span = bytes.AsSpan();

        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], PixelDataOffset);

        BinaryPrimitives.WriteInt32LittleEndian(span[14..], InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], pixels.Width);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], pixels.Height); // positive: bottom-up
        BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1); // colour planes
        BinaryPrimitives.WriteInt16LittleEndian(span[28..], BytesPerPixel * 8);
        BinaryPrimitives.WriteInt32LittleEndian(span[34..], imageSize); // compression at 30 stays 0: BI_RGB
        BinaryPrimitives.WriteInt32LittleEndian(span[38..], PixelsPerMetre);
        BinaryPrimitives.WriteInt32LittleEndian(span[42..], PixelsPerMetre);

        for (int y = 0; y < pixels.Height; y++)
        {
            var row = span.Slice(PixelDataOffset + ((pixels.Height - 1 - y) * rowSize), rowSize);
            for (int x = 0; x < pixels.Width; x++)
            {
                int source = ((y * pixels.Width) + x) * 4;
                row[x * BytesPerPixel] = pixels.Rgba[source + 2];
                row[(x * BytesPerPixel) + 1] = pixels.Rgba[source + 1];
                row[(x * BytesPerPixel) + 2] = pixels.Rgba[source];
            }
        }

        return bytes;
    }
}
