using System.Diagnostics;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// Runs every image of a dataset through a bare backbone exactly once and keeps only the features (2048 floats per
/// image for ResNet-50), so that the head can train on them for as many passes as it likes.
/// </summary>
public static class DatasetFeaturizer
{
    /// <summary>Featurizes <paramref name="images"/>; unreadable files are skipped, reported, and returned.</summary>
    public static FeaturizationResult Featurize(this ScoringEngine engine, IReadOnlyList<LabeledImage> images, IRunObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(observer);
        var stopwatch = Stopwatch.StartNew();
        var done = new List<FeaturizedImage>(images.Count);
        var skipped = new List<SkippedImage>();
        observer.Track("Featurizing", images.Count, advance =>
        {
            foreach (var result in engine.Score([.. images.Select(i => i.Path)], ct))
            {
                var image = images[result.Index];
                if (result is { Output: { } features, ContentSha256: { } hash })
                {
                    done.Add(new FeaturizedImage(image, features, hash));
                }
                else
                {
                    skipped.Add(new SkippedImage(image.RelativePath, result.Error ?? "unreadable"));
                }

                advance(1);
            }

            return 0;
        });

        foreach (var skip in skipped)
        {
            observer.Warn($"Skipped {skip.RelativePath}: {skip.Reason}");
        }

        return new FeaturizationResult(done, skipped, stopwatch.Elapsed);
    }
}
