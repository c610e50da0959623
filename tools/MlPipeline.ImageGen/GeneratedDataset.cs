namespace MlPipeline.ImageGen;

/// <summary>Everything <see cref="SyntheticDataset.Generate"/> wrote, in class then index order.</summary>
/// <param name="Images">The files written.</param>
public sealed record GeneratedDataset(IReadOnlyList<GeneratedImage> Images)
{
    /// <summary>Total size of all files in bytes.</summary>
    public long TotalBytes => Images.Sum(image => image.Bytes);
}
