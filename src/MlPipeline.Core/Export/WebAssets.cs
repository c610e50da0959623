namespace MlPipeline.Core.Export;

/// <summary>The page's files and the onnxruntime-web pin, embedded in the assembly from Export/web.</summary>
internal static class WebAssets
{
    private const string Prefix = "MlPipeline.Export.web.";

    public static Stream Open(string fileName) =>
        typeof(WebAssets).Assembly.GetManifestResourceStream(Prefix + fileName)
        ?? throw new InvalidOperationException($"Embedded resource {Prefix}{fileName} is missing from the build.");
}
