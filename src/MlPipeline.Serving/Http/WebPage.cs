namespace MlPipeline.Serving.Http;

/// <summary>The self-contained upload page embedded in the assembly (web/index.html).</summary>
internal static class WebPage
{
    private const string ResourceName = "MlPipeline.Serving.web.index.html";

    public static string Read()
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
