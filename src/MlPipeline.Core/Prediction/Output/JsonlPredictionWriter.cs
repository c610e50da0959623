using System.Text.Encodings.Web;
using System.Text.Json;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>JSON Lines: one <c>{path,label,confidence,top:[{label,probability}],error}</c> object per line.</summary>
internal sealed class JsonlPredictionWriter(TextWriter writer) : IPredictionWriter
{
    /// <summary>Compact camelCase; non-ASCII paths stay readable (the output is never embedded in HTML).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Write(PredictionRow row)
    {
        writer.Write(JsonSerializer.Serialize(row, Json));
        writer.Write('\n');
        writer.Flush();
    }
}
