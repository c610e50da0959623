using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;

namespace MlPipeline.Core.Training;

/// <summary>
/// The <c>.metrics.json</c> that <c>train</c> writes beside the zip for people and CI artifacts. Nothing reads it
/// back: the zip itself holds the manifest and the validation metrics.
/// </summary>
/// <param name="Manifest">How the model was made.</param>
/// <param name="Metrics">Held-out (validation) metrics, named as in <c>train --json</c> and <c>evaluate --json</c>; null when nothing was held out.</param>
public sealed record TrainingMetricsFile(ModelManifest Manifest, ClassificationReport? Metrics);
