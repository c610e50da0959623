using System.Text.Json;

namespace MlPipeline.Tests.Support;

/// <summary>The golden numbers written by scripts/golden/make-golden.py.</summary>
internal static class ComparisonGolden
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", "comparison-golden.json"))));

    public static JsonElement Root => Document.Value.RootElement;
}
