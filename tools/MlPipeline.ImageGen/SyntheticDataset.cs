using System.Globalization;
using System.Runtime.ExceptionServices;
using MlPipeline.ImageGen.Codecs;
using MlPipeline.ImageGen.Rendering;

namespace MlPipeline.ImageGen;

/// <summary>
/// Writes a labeled image folder: one subfolder per class, each image a single shape of that class
/// in a random colour, position, size and rotation over a noisy gradient background.
/// </summary>
public static class SyntheticDataset
{
    private static readonly (string Name, ShapeKind Shape)[] Classes =
    [
        ("circle", ShapeKind.Circle),
        ("square", ShapeKind.Square),
        ("triangle", ShapeKind.Triangle),
        ("cross", ShapeKind.Cross),
        ("stripes", ShapeKind.Stripes),
        ("ring", ShapeKind.Ring),
    ];

    /// <summary>Class names <see cref="SyntheticDatasetSpec.ClassNames"/> may use, each drawn as the shape it names.</summary>
    public static IReadOnlyList<string> SupportedClassNames { get; } = [.. Classes.Select(c => c.Name)];

    /// <summary>
    /// Writes <c>root/&lt;class&gt;/&lt;class&gt;_&lt;nnn&gt;.&lt;ext&gt;</c> for every class and index (from 000),
    /// creating folders as needed and overwriting same-named files; nothing else in <paramref name="root"/> is touched.
    /// Each image depends only on the seed, its class name and its index, so the output is byte-identical for equal specs.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid: unknown or repeated class, no formats, or bad counts or sizes.</exception>
    public static GeneratedDataset Generate(string root, SyntheticDatasetSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(spec);
        var shapes = Validate(spec);

        // Three digits, more only when the count needs them, so names sort in index order.
        int digits = Math.Max(3, (spec.ImagesPerClass - 1).ToString(CultureInfo.InvariantCulture).Length);
        string[] folders = [.. spec.ClassNames.Select(name => Directory.CreateDirectory(Path.Combine(root, name)).FullName)];
        var images = new GeneratedImage[spec.ClassNames.Count * spec.ImagesPerClass];

        // Every image has its own generator, so rendering them in parallel changes no byte.
        try
        {
            Parallel.For(0, images.Length, n =>
            {
                int c = n / spec.ImagesPerClass;
                int i = n % spec.ImagesPerClass;
                string number = i.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
                images[n] = WriteImage(folders[c], spec.ClassNames[c], number, shapes[c], i, spec);
            });
        }
        catch (AggregateException ex)
        {
            // Callers expect the IOException a sequential loop would throw, not a wrapper.
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        return new GeneratedDataset(images);
    }

    private static GeneratedImage WriteImage(
        string folder, string className, string number, ShapeKind shape, int index, SyntheticDatasetSpec spec)
    {
        var random = DeterministicRandom.For(spec.Seed, className, index);
        int width = random.NextInt(spec.MinSide, spec.MaxSide);
        int height = random.NextInt(spec.MinSide, spec.MaxSide);
        var format = spec.Formats[index % spec.Formats.Count];
        byte[] bytes = ImageEncoder.Encode(SyntheticImageRenderer.Render(shape, width, height, random), format);

        string path = Path.Combine(folder, $"{className}_{number}.{format.FileExtension()}");
        File.WriteAllBytes(path, bytes);
        return new GeneratedImage(path, className, format, width, height, bytes.Length);
    }

    private static ShapeKind[] Validate(SyntheticDatasetSpec spec)
    {
        if (spec.ClassNames is null || spec.ClassNames.Count == 0)
        {
            throw new ArgumentException("at least one class is required");
        }

        if (spec.ClassNames.Distinct().Count() != spec.ClassNames.Count)
        {
            throw new ArgumentException($"class names repeat: {string.Join(',', spec.ClassNames)}");
        }

        if (spec.ImagesPerClass < 1)
        {
            throw new ArgumentException($"images per class must be at least 1, got {spec.ImagesPerClass}");
        }

        if (spec.MinSide < 1 || spec.MaxSide < spec.MinSide)
        {
            throw new ArgumentException($"sizes need 1 <= min <= max, got min {spec.MinSide}, max {spec.MaxSide}");
        }

        if (spec.Formats is null || spec.Formats.Count == 0 || spec.Formats.Any(f => !Enum.IsDefined(f)))
        {
            throw new ArgumentException("at least one known image format is required");
        }

        return [.. spec.ClassNames.Select(ShapeFor)];
    }

    private static ShapeKind ShapeFor(string className)
    {
        foreach (var (name, shape) in Classes)
        {
            if (name == className)
            {
                return shape;
            }
        }

        throw new ArgumentException(
            $"unknown class '{className}' (supported: {string.Join(", ", SupportedClassNames)})");
    }
}
