using System.Text.Json;
using SkiaSharp;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>
/// Golden ResNet-50 results computed by TF.js on the original Keras model (Fixtures/reference), and the raw
/// RGB inputs they were computed for, as NCHW floats in 0..255.
/// </summary>
internal sealed record ResNet50Reference(float[] AvgPool, double AvgPoolMaxAbs, IReadOnlyList<(int Index, double Probability)> Top5)
{
    public const int Size = 224;

    public const string SyntheticInput = "synthetic";

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference");

    public static ResNet50Reference Load(string input)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "resnet50-reference.json")));
        var entry = document.RootElement.GetProperty("inputs").GetProperty(input);
        return new ResNet50Reference(
            [.. entry.GetProperty("avg_pool").GetProperty("data").EnumerateArray().Select(value => value.GetSingle())],
            entry.GetProperty("avg_pool_max_abs").GetDouble(),
            [.. entry.GetProperty("fc1000_top5").EnumerateArray().Select(top => (top.GetProperty("index").GetInt32(), top.GetProperty("probability").GetDouble()))]);
    }

    /// <summary>The raw RGB input named <paramref name="input"/>: a PNG of the reference folder, or the synthetic pattern.</summary>
    public static float[] RgbInput(string input) => input == SyntheticInput ? SyntheticRgb() : DecodePng(Path.Combine(Folder, "images", input));

    // The reference script defines this pattern, for row y, column x, channel c (0=R, 1=G, 2=B).
    private static float[] SyntheticRgb()
    {
        var nchw = new float[3 * Size * Size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    nchw[(((c * Size) + y) * Size) + x] = ((x * 7) + (y * 13) + (c * 71)) % 256;
                }
            }
        }

        return nchw;
    }

    private static float[] DecodePng(string path)
    {
        using var codec = SKCodec.Create(path);
        Assert.Equal((Size, Size), (codec.Info.Width, codec.Info.Height));
        var info = new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, out var rgba));

        var nchw = new float[3 * Size * Size];
        for (var pixel = 0; pixel < Size * Size; pixel++)
        {
            for (var c = 0; c < 3; c++)
            {
                nchw[(c * Size * Size) + pixel] = rgba[(pixel * 4) + c];
            }
        }

        return nchw;
    }
}
