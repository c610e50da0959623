using MlPipeline.Core.Dataset;

namespace MlPipeline.Core.Quantization;

/// <summary>The float and int8 models' predictions on the same labeled images, compared.</summary>
/// <param name="Images">Images both models scored.</param>
/// <param name="FloatCorrect">Images the float model got right.</param>
/// <param name="QuantizedCorrect">Images the int8 model got right.</param>
/// <param name="Agreeing">Images on which both predicted the same label.</param>
internal sealed record AccuracyComparison(int Images, int FloatCorrect, int QuantizedCorrect, int Agreeing)
{
    public double FloatAccuracy => (double)FloatCorrect / Images;

    public double QuantizedAccuracy => (double)QuantizedCorrect / Images;

    public double Agreement => (double)Agreeing / Images;

    // From counts, so that e.g. 90 of 100 against 89 of 100 is exactly 0.01 and passes a 0.01 budget.
    public double AccuracyDrop => (double)(FloatCorrect - QuantizedCorrect) / Images;

    /// <summary>Compares label lists (null where an image could not be read) against the images' true labels.</summary>
    public static AccuracyComparison Of(IReadOnlyList<LabeledImage> images, IReadOnlyList<string?> floatLabels, IReadOnlyList<string?> quantizedLabels)
    {
        ArgumentNullException.ThrowIfNull(images);
        int scored = 0, floatCorrect = 0, quantizedCorrect = 0, agreeing = 0;
        for (var i = 0; i < images.Count; i++)
        {
            if (floatLabels[i] is not { } f || quantizedLabels[i] is not { } q)
            {
                continue;
            }

            scored++;
            floatCorrect += f == images[i].Label ? 1 : 0;
            quantizedCorrect += q == images[i].Label ? 1 : 0;
            agreeing += f == q ? 1 : 0;
        }

        return scored > 0
            ? new AccuracyComparison(scored, floatCorrect, quantizedCorrect, agreeing)
            : throw new MlPipelineException(ExitCode.DataError, "None of the validation images could be scored.");
    }
}
