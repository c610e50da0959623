namespace MlPipeline.Core.Training.FineTuning;

/// <summary>
/// Keeps the frozen part's output per image while a byte budget allows, so images that are never augmented
/// (validation always; training with <c>--no-augment</c>) run through the frozen layers once, not every epoch.
/// Last-stage activations of ResNet-50 are 1024 x 14 x 14 floats, 784 KiB per image.
/// </summary>
internal sealed class ActivationCache(long budgetBytes, int valuesPerImage)
{
    private readonly Dictionary<string, float[]> activations = new(StringComparer.Ordinal);
    private long usedBytes;

    public long BytesPerImage => (long)valuesPerImage * sizeof(float);

    /// <summary>Whether <paramref name="images"/> images fit in what is left of the budget.</summary>
    public bool Fits(int images) => usedBytes + (images * BytesPerImage) <= budgetBytes;

    public bool TryGet(string path, out float[] activation) => activations.TryGetValue(path, out activation!);

    public void Add(string path, ReadOnlySpan<float> activation)
    {
        if (!activations.ContainsKey(path))
        {
            activations[path] = activation.ToArray();
            usedBytes += BytesPerImage;
        }
    }
}
