namespace MlPipeline.ImageGen;

/// <summary>What <see cref="SyntheticDataset.Generate"/> writes. Equal specs produce byte-identical files.</summary>
public sealed record SyntheticDatasetSpec
{
    /// <summary>Class folder names, each one of <see cref="SyntheticDataset.SupportedClassNames"/>.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = ["circle", "square", "triangle"];

    /// <summary>Images written per class.</summary>
    public int ImagesPerClass { get; init; } = 10;

    /// <summary>Seed for every size, colour, placement and noise value.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Smallest image width or height in pixels, inclusive.</summary>
    public int MinSide { get; init; } = 64;

    /// <summary>Largest image width or height in pixels, inclusive. Width and height are drawn independently.</summary>
    public int MaxSide { get; init; } = 128;

    /// <summary>File formats, used in turn: image <c>i</c> of every class is written as <c>Formats[i % Formats.Count]</c>.</summary>
    public IReadOnlyList<ImageFileFormat> Formats { get; init; } = [ImageFileFormat.Jpeg, ImageFileFormat.Png];
}
