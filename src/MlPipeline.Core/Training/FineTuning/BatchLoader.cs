using MlPipeline.Core.Imaging;

namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// Decodes and augments one batch of images into the backbone's input tensor (float [N, 3, H, W], RGB 0-255),
/// the images of a batch in parallel. Memory is one batch, whatever the dataset's size.
/// </summary>
internal sealed class BatchLoader(ImageReader reader)
{
    public int ImageValues => 3 * reader.Width * reader.Height;

    public int[] ImageShape => [3, reader.Height, reader.Width];

    /// <summary>Loads <paramref name="batch"/>, each image with its own transform.</summary>
    /// <exception cref="MlPipelineException">A file that decoded before can no longer be read.</exception>
    public float[] Load(IReadOnlyList<TrainingExample> batch, IReadOnlyList<Augmentation> augmentations, CancellationToken ct)
    {
        var tensor = new float[batch.Count * ImageValues];
        try
        {
            Load(batch, augmentations, tensor, ct);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<MlPipelineException>().FirstOrDefault() is { } first)
        {
            throw first;
        }

        return tensor;
    }

    private void Load(IReadOnlyList<TrainingExample> batch, IReadOnlyList<Augmentation> augmentations, float[] tensor, CancellationToken ct) =>
        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            DecodedImage decoded;
            try
            {
                decoded = reader.Read(batch[i].Path);
            }
            catch (ImageReadException e)
            {
                throw new MlPipelineException(ExitCode.DataError, $"{batch[i].Path} could be read before training but not now ({e.Reason}).");
            }

            using var image = decoded.Image;
            augmentations[i].Apply(image.Pixels, reader.Width, reader.Height, tensor.AsSpan(i * ImageValues, ImageValues));
        });
}
