using System.Globalization;
using MlPipeline.ImageGen;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(GeneratorOptions.Usage);
    return 0;
}

try
{
    var options = GeneratorOptions.Parse(args);
    var dataset = SyntheticDataset.Generate(options.OutputDirectory, options.Spec);
    var perFormat = dataset.Images
        .GroupBy(image => image.Format)
        .Select(group => $"{group.Key.FileExtension()} {group.Count()}");
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"wrote {dataset.Images.Count} images ({options.Spec.ClassNames.Count} classes x {options.Spec.ImagesPerClass}; "
        + $"{string.Join(", ", perFormat)}), {dataset.TotalBytes} bytes, to {Path.GetFullPath(options.OutputDirectory)}"));
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot write images: {ex.Message}");
    return 1;
}
