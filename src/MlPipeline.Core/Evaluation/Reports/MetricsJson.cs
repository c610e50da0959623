using System.Text.Json;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>
/// Every figure of an evaluation as one JSON document, with the identity of the model and of the data, so a CI
/// artifact says which model was measured on what. Also what <c>evaluate --json</c> prints.
/// </summary>
public static class MetricsJson
{
    /// <summary>The document as indented camelCase JSON.</summary>
    public static string Serialize(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var manifest = result.Manifest;
        return JsonSerializer.Serialize(
            new
            {
                model = new
                {
                    path = result.ModelPath,
                    manifest.Tool,
                    manifest.ToolVersion,
                    manifest.CreatedUtc,
                    manifest.Classes,
                    backbone = new { manifest.Backbone.Name, manifest.Backbone.Sha256 },
                    trainedOn = new { manifest.Dataset.Root, manifest.Dataset.Fingerprint, manifest.Dataset.Images },
                },
                dataset = new
                {
                    result.Dataset.Root,
                    result.Dataset.Images,
                    result.Dataset.Fingerprint,
                    skipped = result.Skipped,
                    unknownClasses = result.UnknownClasses,
                },
                metrics = result.Report,
                gates = result.Gates.Select(g => new { g.Name, g.Threshold, g.Actual, g.Passed, g.FailingClasses }),
                gatesPassed = result.GatesPassed,
                comparison = result.Comparison,
                mostConfused = result.MostConfused,
                worstMistakes = result.WorstMistakes.Select(m => new
                {
                    m.Image.RelativePath,
                    m.Image.TrueLabel,
                    m.Image.PredictedLabel,
                    m.PredictedProbability,
                    m.TrueProbability,
                }),
                elapsedSeconds = result.Elapsed.TotalSeconds,
            },
            ModelStore.Json);
    }
}
