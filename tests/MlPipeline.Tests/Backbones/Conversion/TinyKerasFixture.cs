using System.Text.Json;

namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>
/// A tiny Keras model saved by TF.js (Fixtures/keras-tiny/&lt;name&gt;) with the outputs TF.js computed for it:
/// expected.json holds an NHWC input and, per layer name, that layer's output, the model's final layer first.
/// </summary>
internal sealed record TinyKerasFixture(string ModelJsonPath, int[] InputShape, float[] InputNhwc, IReadOnlyList<(string Layer, int[] Shape, float[] Data)> Outputs)
{
    public static TinyKerasFixture Load(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras-tiny", name);
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "expected.json")));
        var input = expected.RootElement.GetProperty("input");
        Assert.Equal("NHWC", input.GetProperty("layout").GetString());
        var outputs = expected.RootElement.GetProperty("outputs").EnumerateObject()
            .Select(output => (output.Name, Ints(output.Value.GetProperty("shape")), Floats(output.Value.GetProperty("data"))))
            .ToList();
        return new TinyKerasFixture(Path.Combine(folder, "model.json"), Ints(input.GetProperty("shape")), Floats(input.GetProperty("data")), outputs);
    }

    public float[] InputNchw() => TensorLayouts.NhwcToNchw(InputNhwc, InputShape[0], InputShape[1], InputShape[2], InputShape[3]);

    public int[] InputShapeNchw() => [InputShape[0], InputShape[3], InputShape[1], InputShape[2]];

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetInt32())];

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetSingle())];
}
