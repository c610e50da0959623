namespace MlPipeline.Core.Dataset;

/// <summary>
/// The data train learns from and validates on, as the options say: <c>--data</c> alone (a stratified hold-out),
/// <c>--data</c> with <c>--validation-data</c>, or a split root whose <c>train/</c> and <c>valid/</c> folders are used.
/// </summary>
/// <param name="Train">The training folder as scanned.</param>
/// <param name="Validation">The separate validation folder as scanned, or null for a hold-out from <paramref name="Train"/>.</param>
/// <param name="Splits">The split root <c>--data</c> named, or null.</param>
public sealed record TrainingSources(LabeledDataset Train, LabeledDataset? Validation, SplitRoot? Splits)
{
    /// <summary>Every listed image, training folder first.</summary>
    public IReadOnlyList<LabeledImage> Images => Validation is null ? Train.Images : [.. Train.Images, .. Validation.Images];

    /// <summary>Scans the folders and checks that a separate validation set holds the training classes.</summary>
    /// <exception cref="MlPipelineException">Missing folders, an ambiguous split root, or validation classes that differ.</exception>
    public static TrainingSources Resolve(string data, string? validationData)
    {
        ArgumentNullException.ThrowIfNull(data);
        var splits = Directory.Exists(data) ? SplitRoot.Detect(data) : null;
        if (splits?.Validation is { } own && validationData is not null && Path.GetFullPath(validationData) != own)
        {
            throw new MlPipelineException(
                ExitCode.UsageError, $"{data} already holds a validation split ({Path.GetFileName(own)}/); drop --validation-data, or pass --data {splits.Train}.");
        }

        var train = DatasetScanner.Scan(splits?.Train ?? data);
        var validationFolder = validationData ?? splits?.Validation;
        if (validationFolder is null)
        {
            return new TrainingSources(train, null, splits);
        }

        var validation = DatasetScanner.Scan(validationFolder);
        if (RealPath.Resolve(validation.Root) == RealPath.Resolve(train.Root))
        {
            throw new MlPipelineException(ExitCode.UsageError, $"--validation-data is the training folder itself ({validationFolder}); pass a separate folder.");
        }

        var unknown = validation.Classes.Except(train.Classes, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new MlPipelineException(
                ExitCode.DataError, $"Validation folder {validationFolder} has class(es) the training folder lacks: {string.Join(", ", unknown)}.");
        }

        return new TrainingSources(train, validation, splits);
    }

    /// <summary>Whether an image came from the separate validation folder.</summary>
    public bool IsValidationImage(LabeledImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Validation is not null && image.Path.StartsWith(Validation.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>What train says about where its data comes from, or null for a plain folder.</summary>
    public string? Description() => (Splits, Validation) switch
    {
        ({ } s, { } v) => $"Split dataset {s.Root}: training on {Path.GetFileName(s.Train)}/, validating on {Path.GetFileName(v.Root)}/.",
        ({ } s, null) => $"Split dataset {s.Root}: training on {Path.GetFileName(s.Train)}/ with a hold-out from it (no valid/ folder).",
        (null, { } v) => $"Validating on {v.Root} instead of a hold-out.",
        _ => null,
    };

    /// <summary>The test folder never trained on, with the command that evaluates it; null without one.</summary>
    public string? TestHint() => Splits?.Test is { } test
        ? $"{test} is not trained on; evaluate the model on it with: mlpipeline evaluate --model MODEL --data {test}"
        : null;
}
