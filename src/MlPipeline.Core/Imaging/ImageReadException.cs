namespace MlPipeline.Core.Imaging;

/// <summary>A single file could not be read as an image; long jobs skip it and report it.</summary>
public sealed class ImageReadException(string path, string reason) : Exception($"{path}: {reason}")
{
    /// <summary>The file that failed.</summary>
    public string FilePath { get; } = path;

    /// <summary>Why it failed, in a few words.</summary>
    public string Reason { get; } = reason;
}
