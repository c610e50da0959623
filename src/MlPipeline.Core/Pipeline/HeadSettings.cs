namespace MlPipeline.Core.Pipeline;

/// <summary>How the head scales the backbone features before the logistic regression.</summary>
public enum FeatureScaling
{
    /// <summary>ML.NET's min-max normalizer (zero kept at zero): each feature divided by its largest magnitude.</summary>
    MinMax,

    /// <summary>Standardization: each feature's training mean subtracted, then divided by its standard deviation.</summary>
    Standardize,
}

/// <summary>The head's fitting choices: the feature scaling and the L-BFGS maximum entropy's regularization.</summary>
/// <param name="Scaling">The normalizer in front of the classifier.</param>
/// <param name="L1">L1 regularization weight.</param>
/// <param name="L2">L2 regularization weight, on the mean loss (ML.NET's objective is the mean log-loss plus L2/2 times the squared weights).</param>
public sealed record HeadSettings(FeatureScaling Scaling, float L1, float L2)
{
    /// <summary>ML.NET's own defaults with min-max scaling: the head before its settings were chosen on validation, used when nothing is held out.</summary>
    public static HeadSettings Default { get; } = new(FeatureScaling.MinMax, 1, 1);

    /// <summary>The manifest's and the log's name of <see cref="FeatureScaling.Standardize"/>.</summary>
    public const string StandardizeName = "standardize";

    /// <summary>The manifest's and the log's name of <see cref="FeatureScaling.MinMax"/>.</summary>
    public const string MinMaxName = "min-max";

    /// <summary>The scaling's name in manifests and logs.</summary>
    public string ScalingName => Scaling == FeatureScaling.Standardize ? StandardizeName : MinMaxName;

    /// <summary>The ML.NET pipeline a head with the named scaling is, as the manifest's <c>settings.trainer</c> names it.</summary>
    public static string TrainerNameOf(string scalingName) =>
        (scalingName == StandardizeName ? "NormalizeMeanVariance" : "NormalizeMinMax") + "+LbfgsMaximumEntropy";
}
