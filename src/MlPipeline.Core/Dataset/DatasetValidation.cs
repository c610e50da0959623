namespace MlPipeline.Core.Dataset;

/// <summary>The checks a dataset must pass before anything expensive runs.</summary>
public static class DatasetValidation
{
    /// <summary>Fails with a data error when training on this dataset cannot make sense.</summary>
    /// <exception cref="MlPipelineException">Fewer than two classes, a class without images, or colliding class names.</exception>
    public static void EnsureTrainable(LabeledDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.ClassNameCollisions.Count > 0)
        {
            throw new MlPipelineException(
                ExitCode.DataError,
                $"Class names that differ only in case or Unicode form: {string.Join("; ", dataset.ClassNameCollisions.Select(g => string.Join(" / ", g)))} (in {dataset.Root}).");
        }

        if (dataset.Classes.Count < 2)
        {
            throw new MlPipelineException(
                ExitCode.DataError,
                $"Need at least 2 class folders in {dataset.Root}, found {dataset.Classes.Count}.");
        }

        var counts = dataset.CountsByClass();
        var empty = dataset.Classes.Where(c => counts[c] == 0).ToList();
        if (empty.Count > 0)
        {
            throw new MlPipelineException(
                ExitCode.DataError,
                $"Class folder(s) without images: {string.Join(", ", empty)} (in {dataset.Root}).");
        }
    }
}
