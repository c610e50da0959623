using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Pipeline;

/// <summary>
/// Runs every image of a dataset through the frozen featurizer exactly once and keeps only the features
/// (2048 floats per image for ResNet-50), so that the head can train on them for as many passes as it likes.
/// </summary>
public sealed class ImageFeaturizer(MLContext mlContext, ITransformer featurizer, ImageReader reader)
{
    /// <summary>Featurizes <paramref name="images"/>; unreadable files are skipped, reported, and returned.</summary>
    public FeaturizationResult Featurize(IReadOnlyList<LabeledImage> images, IRunObserver observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(observer);
        var stopwatch = Stopwatch.StartNew();
        var done = new List<FeaturizedImage>(images.Count);
        var skipped = new List<SkippedImage>();
        var stream = new StreamingScorer(mlContext, reader);

        observer.Track("Featurizing", images.Count, advance =>
        {
            stream.Run<(float[] Features, string Hash)>(
                [.. images.Select(i => i.Path)],
                featurizer,
                BindFeatures,
                (index, row, error) =>
                {
                    if (error is null)
                    {
                        done.Add(new FeaturizedImage(images[index], row.Features, row.Hash));
                    }
                    else
                    {
                        skipped.Add(new SkippedImage(images[index].RelativePath, error));
                    }

                    advance(1);
                },
                ct);
            return 0;
        });

        foreach (var skip in skipped)
        {
            observer.Warn($"Skipped {skip.RelativePath}: {skip.Reason}");
        }

        return new FeaturizationResult(done, skipped, stopwatch.Elapsed);
    }

    private static Func<(float[], string)> BindFeatures(DataViewRowCursor cursor)
    {
        var getFeatures = cursor.GetGetter<VBuffer<float>>(cursor.Schema[ColumnNames.Features]);
        var getHash = cursor.GetGetter<ReadOnlyMemory<char>>(cursor.Schema[StreamingScorer.ContentHashColumn]);
        VBuffer<float> features = default;
        ReadOnlyMemory<char> hash = default;
        return () =>
        {
            getFeatures(ref features);
            getHash(ref hash);
            return ([.. features.DenseValues()], hash.ToString());
        };
    }
}
