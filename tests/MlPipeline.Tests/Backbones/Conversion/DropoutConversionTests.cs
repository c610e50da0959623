using MlPipeline.Core.Backbones.Conversion;

namespace MlPipeline.Tests.Backbones.Conversion;

public sealed class DropoutConversionTests
{
    [Fact]
    public void Dropout_passes_its_input_through_at_inference()
    {
        using var folder = new TemporaryModelFolder();
        File.WriteAllText(folder.ModelJson, SingleLayerModel.Json("drop", """{ "name": "drop", "class_name": "Dropout", "config": { "rate": 0.5 }, "inbound_nodes": [[["input", 0, 0, {}]]] }"""));
        var input = Enumerable.Range(0, 3 * 8 * 8).Select(i => (float)i).ToArray();

        using var runner = new OnnxModelRunner(KerasToOnnxConverter.Convert(folder.ModelJson, new ConversionOptions(null, InputPreprocessing.None)));
        var output = runner.Run(input, [1, 3, 8, 8])["output"];

        Assert.Equal([1, 3, 8, 8], output.Shape);
        Assert.Equal(input, output.Data);
    }
}
