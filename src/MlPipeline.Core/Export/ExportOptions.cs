namespace MlPipeline.Core.Export;

/// <summary>What <c>export</c> was asked to do.</summary>
/// <param name="ModelPath">Model zip written by <c>train</c>.</param>
/// <param name="OutputPath">The standalone .onnx file to write.</param>
/// <param name="WebDirectory">Where to write the static browser page, or null for none.</param>
/// <param name="CacheDirectory">Where the fetched onnxruntime-web package is kept between runs.</param>
public sealed record ExportOptions(string ModelPath, string OutputPath, string? WebDirectory, string CacheDirectory);
