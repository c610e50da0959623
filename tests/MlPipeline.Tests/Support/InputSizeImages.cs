using MlPipeline.ImageGen;

namespace MlPipeline.Tests.Support;

/// <summary>
/// Generated PNGs at the backbone's input size (224x224): nothing is resized, so the tool's reader and a plain
/// ML.NET pipeline see identical pixels and their answers can be compared exactly.
/// </summary>
internal static class InputSizeImages
{
    public static IReadOnlyList<string> Generate(string folder, IReadOnlyList<string> classes, int perClass) =>
        [.. SyntheticDataset.Generate(folder, new SyntheticDatasetSpec
        {
            ClassNames = [.. classes], ImagesPerClass = perClass, MinSide = 224, MaxSide = 224, Formats = [ImageFileFormat.Png], Seed = 7,
        }).Images.Select(i => i.Path)];
}
