using System.Diagnostics;
using MlPipeline.Core;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;
using MlPipeline.Core.Scoring;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Models;

/// <summary>
/// One loaded and checked model with its engine. Requests hold a reference while they score; the engine is
/// disposed when the last reference goes, so a replaced model finishes its in-flight requests first.
/// </summary>
internal sealed class ServedModel
{
    // The holder's own reference; requests add theirs on top.
    private int references = 1;

    private ServedModel(ScoringEngine engine, ModelResponse description)
    {
        Engine = engine;
        Description = description;
    }

    public ScoringEngine Engine { get; }

    /// <summary>What <c>GET /model</c> says about it (without the reload history, which belongs to the service).</summary>
    public ModelResponse Description { get; }

    /// <summary>SHA-256 of the model zip it was loaded from.</summary>
    public string Sha256 => Description.Sha256;

    /// <summary>
    /// Loads the zip and checks it completely before anything may use it: the manifest and the class names against
    /// the model's own (the scoring cache does both), the backbone's SHA-256, and one inference whose output must
    /// have the manifest's feature size and give finite probabilities for every class.
    /// </summary>
    /// <param name="modelPath">The model zip.</param>
    /// <param name="cacheDirectory">The scoring cache; null for <see cref="BackboneCache.DefaultDirectory"/>.</param>
    /// <exception cref="MlPipelineException">The zip is missing (exit 2) or not a usable model (exit 6).</exception>
    public static ServedModel Load(string modelPath, string? cacheDirectory)
    {
        var stopwatch = Stopwatch.StartNew();
        var sha256 = HashOf(modelPath);
        var model = ScoringModel.Open(modelPath, cacheDirectory);
        // Models opened from a zip always carry its manifest.
        var manifest = model.Manifest!;
        var engine = new ScoringEngine(model);
        try
        {
            WarmUp(engine, manifest);
            var validation = ModelStore.ReadValidation<ClassificationReport>(modelPath);
            stopwatch.Stop();
            var description = ModelDescription.Describe(manifest, validation, sha256, DateTimeOffset.UtcNow, stopwatch.Elapsed);
            return new ServedModel(engine, description);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>A reference for one request; null once the model has been retired and released by everyone.</summary>
    public ModelLease? TryRetain()
    {
        while (true)
        {
            var current = Volatile.Read(ref references);
            if (current == 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref references, current + 1, current) == current)
            {
                return new ModelLease(this);
            }
        }
    }

    /// <summary>Gives up one reference; the last one disposes the engine.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            Engine.Dispose();
        }
    }

    private static string HashOf(string modelPath)
    {
        try
        {
            return ContentHash.OfFile(modelPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MlPipelineException(ExitCode.UsageError, $"Model not found: {modelPath}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"Cannot read the model {modelPath}: {e.Message}", e);
        }
    }

    private static void WarmUp(ScoringEngine engine, ModelManifest manifest)
    {
        var model = engine.Model;
        var features = engine.Run(new float[3 * model.InputWidth * model.InputHeight], 1);
        if (features.Length != manifest.Backbone.FeatureSize)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"The warm-up inference gave {features.Length} features; the manifest says {manifest.Backbone.FeatureSize}.");
        }

        var probabilities = model.Classify(features).Score;
        if (probabilities.Length != manifest.Classes.Count || !probabilities.All(float.IsFinite))
        {
            throw new MlPipelineException(ExitCode.ModelError, $"The warm-up inference gave {probabilities.Length} probabilities, not {manifest.Classes.Count} finite ones.");
        }
    }
}
