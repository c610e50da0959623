using SkiaSharp;

namespace MlPipeline.Core.Imaging;

/// <summary>
/// An encoded image opened for decoding, and the refusal rules every reader applies on the way, in one place:
/// <see cref="ImageReader"/> (train, predict, serve) and <see cref="ImageProbe"/> (doctor) must refuse the same files
/// with the same reasons, or doctor's verdict would not be train's.
/// </summary>
internal sealed class EncodedImage : IDisposable
{
    private readonly SKData _data;
    private readonly string _name;

    private EncodedImage(SKData data, SKCodec codec, string? format, string name) => (_data, Codec, Format, _name) = (data, codec, format, name);

    /// <summary>The codec, past the header checks.</summary>
    public SKCodec Codec { get; }

    /// <summary>The format by magic bytes (<c>jpeg</c>, <c>png</c>, ...), or null when they name none.</summary>
    public string? Format { get; }

    /// <summary>A file's bytes, with the reason it cannot be read when it cannot.</summary>
    /// <exception cref="ImageReadException">Missing (a name that is not UTF-8 included), or unreadable.</exception>
    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException) when (FileNames.IsUndecodable(path))
        {
            throw new ImageReadException(path, FileNames.UndecodableReason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageReadException(path, e.Message);
        }
    }

    /// <summary>Opens encoded bytes, refusing what no reader decodes, before any pixel is decoded.</summary>
    /// <param name="bytes">The encoded file.</param>
    /// <param name="name">What errors call the image: a path or an upload's file name.</param>
    /// <exception cref="ImageReadException">Empty, an unsupported format, not an image, or above <see cref="ImageReader.MaxPixels"/>.</exception>
    public static EncodedImage Open(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new ImageReadException(name, "empty file");
        }

        var format = ImageFormat.Detect(bytes);
        if (format is not null && !ImageFormat.IsSupported(format))
        {
            throw new ImageReadException(name, $"unsupported format: {format}");
        }

        var data = SKData.CreateCopy(bytes);
        var codec = SKCodec.Create(data);
        if (codec is null)
        {
            data.Dispose();
            throw new ImageReadException(name, "not a readable image");
        }

        var image = new EncodedImage(data, codec, format, name);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > ImageReader.MaxPixels)
        {
            // Read before disposing: a disposed codec's Info reads freed native memory.
            image.Dispose();
            throw new ImageReadException(name, $"{width}x{height} pixels is above the limit of {ImageReader.MaxPixels / 1_000_000} megapixels");
        }

        return image;
    }

    /// <summary>Decodes into a new bitmap of <paramref name="info"/>'s size (the codec's own, or a scale it offers).</summary>
    /// <exception cref="ImageReadException">The data is truncated or does not decode.</exception>
    public SKBitmap Decode(SKImageInfo info)
    {
        var bitmap = new SKBitmap(info);
        var result = Codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new ImageReadException(_name, result == SKCodecResult.IncompleteInput ? "truncated image" : $"decode failed ({result})");
        }

        return bitmap;
    }

    public void Dispose()
    {
        Codec.Dispose();
        _data.Dispose();
    }
}
