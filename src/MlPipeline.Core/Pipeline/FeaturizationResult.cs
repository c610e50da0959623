using MlPipeline.Core.Dataset;

namespace MlPipeline.Core.Pipeline;

/// <summary>One image's backbone features.</summary>
public sealed record FeaturizedImage(LabeledImage Source, float[] Features, string ContentSha256);

/// <summary>Features of every readable image, in input order, and the files that were skipped.</summary>
public sealed record FeaturizationResult(
    IReadOnlyList<FeaturizedImage> Images,
    IReadOnlyList<SkippedImage> Skipped,
    TimeSpan Elapsed)
{
    /// <summary>Images (readable or not) per second of wall-clock time.</summary>
    public double ImagesPerSecond => (Images.Count + Skipped.Count) / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
