using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Quantization;

/// <summary>
/// Runs the float backbone, with every tensor to be quantized exposed as an output, over calibration images and
/// records each tensor's values (<see cref="RangeCollector"/>).
/// </summary>
internal sealed class ActivationCalibrator : IDisposable
{
    private readonly InferenceSession session;
    private readonly Dictionary<string, RangeCollector> collectors;
    private readonly int width;
    private readonly int height;

    /// <param name="calibrationModel">The float model with the tensors added as outputs (<see cref="QdqQuantizer.CalibrationModel"/>).</param>
    /// <param name="tensors">The tensors to record.</param>
    /// <param name="width">Backbone input width.</param>
    /// <param name="height">Backbone input height.</param>
    /// <param name="method">How the collected values become ranges.</param>
    public ActivationCalibrator(byte[] calibrationModel, IReadOnlyList<string> tensors, int width, int height, CalibrationMethod method)
    {
        session = new InferenceSession(calibrationModel);
        collectors = tensors.ToDictionary(t => t, _ => new RangeCollector(method), StringComparer.Ordinal);
        this.width = width;
        this.height = height;
    }

    /// <summary>Records the activations of one batch of images, already at the backbone's input size.</summary>
    public void Add(IReadOnlyList<MLImage> images)
    {
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(BackboneGraph.Input, Input(images, width, height))], [.. collectors.Keys]);
        foreach (var result in results)
        {
            collectors[result.Name].Add(((DenseTensor<float>)result.AsTensor<float>()).Buffer.Span);
        }
    }

    /// <summary>Each tensor's range.</summary>
    public IReadOnlyDictionary<string, (float Min, float Max)> Ranges() =>
        collectors.ToDictionary(c => c.Key, c => c.Value.Range(), StringComparer.Ordinal);

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    /// <summary>The backbone's input for a batch of images as ML.NET's ExtractPixels feeds it: planar R, G, B planes of 0-255 floats.</summary>
    public static DenseTensor<float> Input(IReadOnlyList<MLImage> images, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(images);
        var input = new DenseTensor<float>([images.Count, 3, height, width]);
        for (var i = 0; i < images.Count; i++)
        {
            WritePlanarRgb(images[i], input.Buffer.Span.Slice(i * 3 * height * width, 3 * height * width), width, height);
        }

        return input;
    }

    private static void WritePlanarRgb(MLImage image, Span<float> target, int width, int height)
    {
        if (image.Width != width || image.Height != height)
        {
            throw new ArgumentException($"Calibration images must be {width}x{height}, got {image.Width}x{image.Height}.", nameof(image));
        }

        var (r, b) = image.PixelFormat == MLPixelFormat.Bgra32 ? (2, 0) : (0, 2);
        var pixels = image.Pixels;
        var plane = width * height;
        for (var p = 0; p < plane; p++)
        {
            target[p] = pixels[(p * 4) + r];
            target[plane + p] = pixels[(p * 4) + 1];
            target[(2 * plane) + p] = pixels[(p * 4) + b];
        }
    }
}
