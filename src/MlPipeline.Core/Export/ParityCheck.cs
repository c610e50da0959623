using Microsoft.ML.Data;
using MlPipeline.Core.Models;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Export;

/// <summary>
/// Proves an export instead of assuming it (as timm checks its ONNX exports): the model zip in ML.NET and the
/// exported file in ONNX Runtime classify the same synthetic images, and must agree on every probability and label.
/// </summary>
internal static class ParityCheck
{
    /// <summary>Largest accepted probability difference; both sides run the same backbone, so only rounding differs.</summary>
    public const double Tolerance = 1e-4;

    /// <exception cref="MlPipelineException">The two disagree beyond <see cref="Tolerance"/> or on a label.</exception>
    public static ParityReport Run(LoadedModel model, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        var width = model.Manifest.Backbone.InputWidth;
        var height = model.Manifest.Backbone.InputHeight;
        byte[][] images = [Gradient(width, height), Checkerboard(width, height)];

        using var session = new StandaloneModelSession(onnxPath);
        var exported = session.Run(images, width, height);
        using var engine = model.MLContext.Model.CreatePredictionEngine<ImageInput, ImagePrediction>(model.Model);
        var maxDifference = 0.0;
        for (var i = 0; i < images.Length; i++)
        {
            using var image = MLImage.CreateFromPixels(width, height, MLPixelFormat.Rgba32, images[i]);
            var expected = engine.Predict(new ImageInput { Image = image });
            var (probabilities, label) = exported[i];
            maxDifference = Math.Max(maxDifference, expected.Score.Zip(probabilities, (a, b) => Math.Abs((double)a - b)).Max());
            var expectedLabel = model.Manifest.Classes.ToList().IndexOf(expected.PredictedLabel);
            if (label != expectedLabel)
            {
                throw Mismatch($"check image {i + 1} is '{expected.PredictedLabel}' in ML.NET but class index {label} in ONNX");
            }
        }

        return maxDifference <= Tolerance
            ? new ParityReport(images.Length, maxDifference, Tolerance)
            : throw Mismatch($"probabilities differ by up to {maxDifference:G3} (tolerance {Tolerance:G3})");
    }

    private static MlPipelineException Mismatch(string detail) =>
        new(ExitCode.ModelError, $"The exported ONNX model does not reproduce the model zip: {detail}; nothing was written.");

    // Smooth colour ramps: every channel and most of the 0-255 range.
    private static byte[] Gradient(int width, int height) => Pixels(width, height, (x, y) => (x * 255 / (width - 1), y * 255 / (height - 1), (x + y) * 255 / (width + height - 2)));

    // Hard edges and saturated colours: a very different input from the ramps.
    private static byte[] Checkerboard(int width, int height) =>
        Pixels(width, height, (x, y) => ((x / 28) + (y / 28)) % 2 == 0 ? (230, 40, 30) : (20, 60 + (y % 64), 210));

    private static byte[] Pixels(int width, int height, Func<int, int, (int R, int G, int B)> colour)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = colour(x, y);
                var i = ((y * width) + x) * 4;
                (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = ((byte)r, (byte)g, (byte)b, 255);
            }
        }

        return rgba;
    }
}
