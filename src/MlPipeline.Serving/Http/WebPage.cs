namespace MlPipeline.Serving.Http;

/// <summary>The self-contained upload page embedded in the assembly: web/index.html and the export page's shared page.css and page.js.</summary>
internal static class WebPage
{
    private const string Prefix = "MlPipeline.Serving.web.";

    public static string Read(string fileName)
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new InvalidOperationException($"Embedded resource {Prefix}{fileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
