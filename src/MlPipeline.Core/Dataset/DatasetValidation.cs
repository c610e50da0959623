using System.Globalization;

namespace MlPipeline.Core.Dataset;

/// <summary>
/// The reasons train refuses a dataset, in one place: train throws them, doctor lists them, so doctor's exit 3 means
/// exactly "train would refuse".
/// </summary>
public static class DatasetValidation
{
    /// <summary>What makes the layout untrainable before any image is read: class names, class count, empty classes.</summary>
    public static IReadOnlyList<string> LayoutRefusals(LabeledDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var refusals = new List<string>();
        if (dataset.ClassNameCollisions.Count > 0)
        {
            refusals.Add($"Class names that differ only in case or Unicode form: {string.Join("; ", dataset.ClassNameCollisions.Select(g => string.Join(" / ", g)))} (in {dataset.Root}).");
        }

        if (dataset.Classes.Count == 0 && dataset.TopLevelImages > 0)
        {
            refusals.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Found {dataset.TopLevelImages} images directly in {dataset.Root}; put each class in its own subfolder, or use --labels."));
        }
        else if (dataset.Classes.Count == 0)
        {
            refusals.Add($"No images and no class folders in {dataset.Root}; put each class's images in its own subfolder, or use --labels.");
        }
        else if (dataset.Classes.Count < 2)
        {
            refusals.Add(dataset.LabelFile is { } labels
                ? $"Need at least 2 labels in {labels}, found {dataset.Classes.Count} ({dataset.Classes[0]})."
                : $"Need at least 2 class folders in {dataset.Root}, found {dataset.Classes.Count}.");
        }

        var counts = dataset.CountsByClass();
        var empty = dataset.Classes.Where(c => counts[c] == 0).ToList();
        if (empty.Count > 0)
        {
            refusals.Add($"Class folder(s) without images: {string.Join(", ", empty)} (in {dataset.Root}).");
        }

        return refusals;
    }

    /// <summary>
    /// What makes the read images untrainable: a class none of whose images is left once unreadable files and
    /// label conflicts are taken out.
    /// </summary>
    /// <param name="dataset">The dataset as scanned.</param>
    /// <param name="kept">Labels of the images train would keep (readable, not in a label conflict).</param>
    public static IReadOnlyList<string> ContentRefusals(LabeledDataset dataset, IEnumerable<string> kept)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(kept);
        var present = kept.ToHashSet(StringComparer.Ordinal);
        var counts = dataset.CountsByClass();
        var none = dataset.Classes.Where(c => counts[c] > 0 && !present.Contains(c)).ToList();
        return none.Count == 0
            ? []
            : [$"No readable image left in class(es): {string.Join(", ", none)} (unreadable files and label conflicts are left out)."];
    }

    /// <summary>Fails with a data error when training on this dataset cannot make sense.</summary>
    /// <exception cref="MlPipelineException">Any of <see cref="LayoutRefusals"/>.</exception>
    public static void EnsureTrainable(LabeledDataset dataset) => Refuse(LayoutRefusals(dataset));

    /// <summary>Fails with a data error when a class has nothing left to train on.</summary>
    /// <exception cref="MlPipelineException">Any of <see cref="ContentRefusals"/>.</exception>
    public static void EnsureEveryClassKept(LabeledDataset dataset, IEnumerable<string> kept) => Refuse(ContentRefusals(dataset, kept));

    private static void Refuse(IReadOnlyList<string> refusals)
    {
        if (refusals.Count > 0)
        {
            throw new MlPipelineException(ExitCode.DataError, string.Join(" ", refusals));
        }
    }
}
