namespace MlPipeline.Core.Dataset;

/// <summary>What <see cref="TrainingSplit.Create"/> made: the duplicate handling and the partition of what was kept.</summary>
/// <param name="Duplicates">Label conflicts left out and copies counted.</param>
/// <param name="Split">The kept items, train and validation.</param>
public sealed record TrainingPartition<T>(DuplicateResolution<T> Duplicates, Split<T> Split);

/// <summary>
/// The split <c>train</c> makes, in one place for train, quantize and doctor: every file of a label conflict left out,
/// then a stratified hold-out that keeps byte-identical copies together on one side.
/// </summary>
/// <remarks>
/// quantize measures on the validation side and doctor reports leaks across it, so both must see exactly the
/// partition train held out; the inputs are the readable images (unreadable ones never reach a side).
/// </remarks>
public static class TrainingSplit
{
    /// <summary>Partitions the readable items of a dataset as train does.</summary>
    /// <param name="readable">Readable images, in the dataset's order (class, then relative path).</param>
    /// <param name="image">Each item's image (label and relative path).</param>
    /// <param name="contentSha256">Each item's content hash.</param>
    /// <param name="validationFraction">Share of each class held out, in [0, 1).</param>
    /// <param name="seed">The split seed.</param>
    public static TrainingPartition<T> Create<T>(
        IReadOnlyList<T> readable, Func<T, LabeledImage> image, Func<T, string> contentSha256, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(readable);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(contentSha256);
        var duplicates = ContentDuplicates.Resolve(readable, i => image(i).Label, contentSha256, i => image(i).RelativePath);
        var split = StratifiedSplit.Create(duplicates.Kept, i => image(i).Label, validationFraction, seed, contentSha256);
        return new TrainingPartition<T>(duplicates, split);
    }

    /// <summary>
    /// Partitions the readable items of a training folder and a separate validation folder: label conflicts are
    /// left out across both, and a validation image whose bytes are also a training image's is left out of validation.
    /// </summary>
    /// <param name="readable">Readable images of both folders.</param>
    /// <param name="image">Each item's image.</param>
    /// <param name="contentSha256">Each item's content hash.</param>
    /// <param name="isValidation">Whether an item came from the validation folder.</param>
    public static TrainingPartition<T> WithValidationSet<T>(
        IReadOnlyList<T> readable, Func<T, LabeledImage> image, Func<T, string> contentSha256, Func<T, bool> isValidation)
    {
        ArgumentNullException.ThrowIfNull(readable);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(contentSha256);
        ArgumentNullException.ThrowIfNull(isValidation);
        var duplicates = ContentDuplicates.Resolve(readable, i => image(i).Label, contentSha256, i => image(i).RelativePath);
        var train = duplicates.Kept.Where(i => !isValidation(i)).ToList();
        var trained = train.Select(contentSha256).ToHashSet(StringComparer.Ordinal);
        var validation = duplicates.Kept.Where(i => isValidation(i) && !trained.Contains(contentSha256(i))).ToList();
        return new TrainingPartition<T>(duplicates, new Split<T>(train, validation));
    }
}
