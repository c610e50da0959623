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
        var document = new MetricsDocument(
            new MeasuredModel(
                result.ModelPath,
                manifest.Tool,
                manifest.ToolVersion,
                manifest.CreatedUtc,
                manifest.Classes,
                new BackboneIdentity(manifest.Backbone.Name, manifest.Backbone.Sha256),
                new TrainingData(manifest.Dataset.Root, manifest.Dataset.Fingerprint, manifest.Dataset.Images),
                manifest.FineTuning),
            new MeasuredDataset(result.Dataset.Root, result.Dataset.Images, result.Dataset.Fingerprint, result.Skipped, result.UnknownClasses, result.Dataset.TrainingOverlap),
            result.Report,
            result.Gates,
            result.GatesPassed,
            result.Comparison,
            result.MostConfused,
            [.. result.WorstMistakes.Select(m => new MistakeEntry(
                m.Image.RelativePath, m.Image.TrueLabel, m.Image.PredictedLabel, m.PredictedProbability, m.TrueProbability))],
            result.Elapsed.TotalSeconds);
        return JsonSerializer.Serialize(document, ModelStore.Json);
    }
}
