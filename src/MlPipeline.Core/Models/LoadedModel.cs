using Microsoft.ML;

namespace MlPipeline.Core.Models;

/// <summary>A model zip loaded for scoring: the ML.NET pipeline, its manifest, and the context that loaded it.</summary>
public sealed record LoadedModel(MLContext MLContext, ITransformer Model, ModelManifest Manifest);
