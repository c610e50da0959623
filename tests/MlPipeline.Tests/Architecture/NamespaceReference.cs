namespace MlPipeline.Tests.Architecture;

/// <summary>One reference the layer check found: which namespace refers to which, in which file, by which name.</summary>
internal sealed record NamespaceReference(string From, string To, string File, string Name)
{
    public override string ToString() => $"{From} -> {To} ({File}: {Name})";
}
