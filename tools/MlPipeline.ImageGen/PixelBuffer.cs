namespace MlPipeline.ImageGen;

/// <summary>Straight (non-premultiplied) RGBA8888 pixels, row-major from the top-left corner.</summary>
internal sealed class PixelBuffer
{
    public PixelBuffer(int width, int height)
    {
        Width = width;
        Height = height;
        Rgba = new byte[checked(width * height * 4)];
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgba { get; }

    public bool IsOpaque
    {
        get
        {
            for (int i = 3; i < Rgba.Length; i += 4)
            {
                if (Rgba[i] != byte.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public void SetPixel(int x, int y, byte r, byte g, byte b, byte a = byte.MaxValue)
    {
        int offset = ((y * Width) + x) * 4;
        Rgba[offset] = r;
        Rgba[offset + 1] = g;
        Rgba[offset + 2] = b;
        Rgba[offset + 3] = a;
    }
}
