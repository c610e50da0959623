using System.Buffers.Binary;

namespace MlPipeline.Tests.ImageGen;

/// <summary>The IHDR fields the edge-case tests check; decoders hide them behind their own pixel formats.</summary>
internal readonly record struct PngHeader(int Width, int Height, byte BitDepth, byte ColourType)
{
    public static PngHeader Read(string path)
    {
        // The 8-byte signature is followed by IHDR: length, "IHDR", width, height, depth, colour type.
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return new PngHeader(
            BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)),
            BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)),
            bytes[24],
            bytes[25]);
    }
}
