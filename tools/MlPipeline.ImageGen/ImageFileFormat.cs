namespace MlPipeline.ImageGen;

/// <summary>File formats the generator can write.</summary>
public enum ImageFileFormat
{
    /// <summary>Baseline JPEG, quality 90.</summary>
    Jpeg,

    /// <summary>8-bit RGB PNG.</summary>
    Png,

    /// <summary>Uncompressed 24-bit BMP (written by hand: SkiaSharp 2.88 has no BMP encoder).</summary>
    Bmp,

    /// <summary>Lossy WebP, quality 90.</summary>
    Webp,
}
