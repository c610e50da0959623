namespace MlPipeline.Core.Backbones;

/// <summary>
/// How much of the pretrained backbone fine-tuning trains: a user setting (<c>--unfreeze</c>, the manifest) that each
/// architecture maps to its own cut, so it sits with the backbones rather than in the graph builder.
/// </summary>
public enum UnfreezeMode
{
    /// <summary>Only the classifier head (a linear probe on frozen features).</summary>
    None,

    /// <summary>The last stage of the backbone (ResNet-50's conv5 blocks) and the head.</summary>
    LastStage,

    /// <summary>Every layer of the backbone and the head.</summary>
    All,
}

/// <summary>The names of <see cref="UnfreezeMode"/> that users write and read (<c>--unfreeze</c>, the manifest, logs).</summary>
public static class UnfreezeModes
{
    /// <summary>Every name, in the order of the modes.</summary>
    public static IReadOnlyList<string> Names { get; } = EnumNames.Names<UnfreezeMode>();

    /// <summary>The mode's name: none, last-stage or all.</summary>
    public static string Name(this UnfreezeMode mode) => EnumNames.Name(mode);

    /// <summary>The mode a name stands for.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static UnfreezeMode Parse(string name) =>
        EnumNames.TryParse<UnfreezeMode>(name, out var mode) ? mode : throw new ArgumentException($"Unknown unfreeze mode '{name}'.", nameof(name));
}
