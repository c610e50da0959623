namespace MlPipeline.Core.Dataset.Sources;

/// <summary>
/// The data train learns from and validates on, as the options say: <c>--data</c> or <c>--labels</c> alone (a
/// stratified hold-out), with <c>--validation-data</c> or <c>--validation-labels</c>, or a split root whose
/// <c>train/</c> and <c>valid/</c> folders are used.
/// </summary>
/// <param name="Train">The training data as read.</param>
/// <param name="Validation">The separate validation data as read, or null for a hold-out from <paramref name="Train"/>.</param>
/// <param name="Splits">The split root <c>--data</c> named, or null.</param>
public sealed record TrainingSources(LabeledDataset Train, LabeledDataset? Validation, SplitRoot? Splits)
{
    /// <summary>Every listed image, training data first.</summary>
    public IReadOnlyList<LabeledImage> Images => Validation is null ? Train.Images : [.. Train.Images, .. Validation.Images];

    // By reference: a label file may list validation images beside training ones, under one images root.
    private HashSet<LabeledImage> ValidationImages { get; } = new(Validation?.Images ?? [], ReferenceEqualityComparer.Instance);

    /// <summary>Reads the data and checks that a separate validation set holds the training classes.</summary>
    /// <exception cref="MlPipelineException">Missing data, an ambiguous split root, or validation classes that differ.</exception>
    public static TrainingSources Resolve(DataSource data, DataSource? validationData)
    {
        ArgumentNullException.ThrowIfNull(data);
        var splits = data.Folder is { } folder && Directory.Exists(folder) ? SplitRoot.Detect(folder) : null;
        if (splits?.Validation is { } own && validationData is not null && !validationData.SameAs(DataSource.FromFolder(own)))
        {
            throw new MlPipelineException(
                ExitCode.UsageError, $"{data.Name} already holds a validation split ({Path.GetFileName(own)}/); drop {(validationData.Labels is null ? "--validation-data" : "--validation-labels")}, or pass --data {splits.Train}.");
        }

        var train = (splits is null ? data : DataSource.FromFolder(splits.Train)).Load();
        var validationSource = validationData ?? (splits?.Validation is { } split ? DataSource.FromFolder(split) : null);
        if (validationSource is null)
        {
            return new TrainingSources(train, null, splits);
        }

        if (splits is null && validationSource.SameAs(data))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"The validation data is the training data itself ({validationSource.Name}); pass a separate folder or label file.");
        }

        var validation = validationSource.Load();
        var unknown = validation.Classes.Except(train.Classes, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new MlPipelineException(
                ExitCode.DataError, $"Validation data {validationSource.Name} has class(es) the training data lacks: {string.Join(", ", unknown)}.");
        }

        return new TrainingSources(train, validation, splits);
    }

    /// <summary>Whether an image came from the separate validation data.</summary>
    public bool IsValidationImage(LabeledImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ValidationImages.Contains(image);
    }

    /// <summary>The partition train makes of these sources: the separate validation data when there is one, else a hold-out.</summary>
    public TrainingPartition<T> Partition<T>(IReadOnlyList<T> readable, Func<T, LabeledImage> image, Func<T, string> contentSha256, double validationFraction, int seed) =>
        Validation is null
            ? TrainingSplit.Create(readable, image, contentSha256, validationFraction, seed)
            : TrainingSplit.WithValidationSet(readable, image, contentSha256, i => IsValidationImage(image(i)));

    /// <summary>What train says about where its data comes from, or null for a plain folder.</summary>
    public string? Description() => (Splits, Validation) switch
    {
        ({ } s, { } v) => $"Split dataset {s.Root}: training on {Path.GetFileName(s.Train)}/, validating on {Path.GetFileName(v.Root)}/.",
        ({ } s, null) => $"Split dataset {s.Root}: training on {Path.GetFileName(s.Train)}/ with a hold-out from it (no valid/ folder).",
        (null, { } v) => $"Validating on {v.LabelFile ?? v.Root} instead of a hold-out.",
        _ => null,
    };

    /// <summary>The test folder never trained on, with the command that evaluates it; null without one.</summary>
    public string? TestHint() => Splits?.Test is { } test
        ? $"{test} is not trained on; evaluate the model on it with: mlpipeline evaluate --model MODEL --data {test}"
        : null;
}
