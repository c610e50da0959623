using MlPipeline.Core.Backbones;
using MlPipeline.Core.Models;
using MlPipeline.Core.Onnx;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Scoring;

/// <summary>
/// What a <see cref="ScoringEngine"/> runs: an ONNX graph from the backbone's input (float RGB planes at its input
/// size) to one output and, for a classifier, the fitted head that maps the pooled features to class probabilities.
/// </summary>
public sealed class ScoringModel
{
    private ScoringModel(string? onnxPath, byte[]? onnxBytes, string output, int inputWidth, int inputHeight, HeadParameters? head, IReadOnlyList<string> classes, ModelManifest? manifest)
    {
        OnnxPath = onnxPath;
        OnnxBytes = onnxBytes;
        Output = output;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        Head = head;
        Classes = classes;
        Manifest = manifest;
    }

    /// <summary>Width, in pixels, images are decoded to.</summary>
    public int InputWidth { get; }

    /// <summary>Height, in pixels, images are decoded to.</summary>
    public int InputHeight { get; }

    /// <summary>The ONNX output the engine returns for each image.</summary>
    public string Output { get; }

    /// <summary>Class names in score order; empty for a bare backbone.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The model zip's manifest; null for a bare backbone.</summary>
    public ModelManifest? Manifest { get; }

    /// <summary>Whether results carry a prediction.</summary>
    public bool IsClassifier => Head is not null;

    internal string? OnnxPath { get; }

    internal byte[]? OnnxBytes { get; }

    internal HeadParameters? Head { get; }

    /// <summary>
    /// A model zip written by <c>train</c> or <c>quantize</c>. Its backbone and head are taken from the scoring cache
    /// when an earlier run already read this exact zip (see <see cref="ModelCache"/>); otherwise from the zip itself.
    /// </summary>
    /// <param name="modelPath">The model zip.</param>
    /// <param name="cacheDirectory">The cache folder; null for <see cref="BackboneCache.DefaultDirectory"/>.</param>
    /// <exception cref="MlPipelineException">The file is missing (exit 2), or not a usable model of this tool (exit 6).</exception>
    public static ScoringModel Open(string modelPath, string? cacheDirectory = null)
    {
        var entry = ModelCache.Open(modelPath, cacheDirectory ?? BackboneCache.DefaultDirectory());
        var backbone = entry.Manifest.Backbone;
        return new ScoringModel(entry.OnnxPath, entry.OnnxBytes, BackboneGraph.Features, backbone.InputWidth, backbone.InputHeight, entry.Head, entry.Classes, entry.Manifest);
    }

    /// <summary>A bare backbone: each result's output is the image's pooled features.</summary>
    public static ScoringModel ForBackbone(ResolvedBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var spec = backbone.Architecture;
        return new ScoringModel(backbone.OnnxPath, null, BackboneGraph.Features, spec.InputWidth, spec.InputHeight, null, [], null);
    }

    /// <summary>Any graph that takes the backbone's input, such as the frozen part of a fine-tuning run.</summary>
    public static ScoringModel ForGraph(byte[] onnx, string output, int inputWidth, int inputHeight)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        return new ScoringModel(null, onnx, output, inputWidth, inputHeight, null, [], null);
    }

    /// <summary>
    /// The same head over another backbone, such as the int8 version of this one. It has no manifest: the zip's
    /// manifest describes the zip's own backbone.
    /// </summary>
    public ScoringModel WithBackbone(byte[] onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        return new ScoringModel(null, onnx, Output, InputWidth, InputHeight, Head, Classes, null);
    }

    /// <summary>Whether <paramref name="other"/> runs the very same backbone, so one backbone pass serves both.</summary>
    public bool SharesBackboneWith(ScoringModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Manifest is not null && other.Manifest is not null
            && string.Equals(Manifest.Backbone.Sha256, other.Manifest.Backbone.Sha256, StringComparison.OrdinalIgnoreCase)
            && InputWidth == other.InputWidth && InputHeight == other.InputHeight && Output == other.Output;
    }

    /// <summary>The head's prediction for one image's features.</summary>
    /// <exception cref="InvalidOperationException">The model is a bare backbone.</exception>
    public ImagePrediction Classify(ReadOnlySpan<float> features)
    {
        var head = Head ?? throw new InvalidOperationException("A bare backbone has no classifier head.");
        var probabilities = head.Probabilities(features);
        var best = 0;
        for (var c = 1; c < probabilities.Length; c++)
        {
            // Strictly greater: ties go to the first class, as ML.NET's argmax does.
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }

        return new ImagePrediction { PredictedLabel = Classes[best], Score = probabilities };
    }
}
