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
    public static IReadOnlyList<string> Names { get; } = ["none", "last-stage", "all"];

    /// <summary>The mode's name: none, last-stage or all.</summary>
    public static string Name(this UnfreezeMode mode) => Names[(int)mode];

    /// <summary>The mode a name stands for.</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static UnfreezeMode Parse(string name)
    {
        var index = Names.ToList().IndexOf(name);
        return index >= 0 ? (UnfreezeMode)index : throw new ArgumentException($"Unknown unfreeze mode '{name}'.", nameof(name));
    }
}
