using MlPipeline.Core;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Cli;

/// <summary>train and quantize write model zips; an output named .onnx is refused before any work.</summary>
public sealed class OnnxOutputNameTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("train")]
    [InlineData("quantize")]
    public async Task An_output_named_onnx_is_a_usage_error_that_points_to_export(string verb)
    {
        Directory.CreateDirectory(_root.File("data"));
        File.WriteAllBytes(_root.File("model.zip"), [1]);
        string[] args = verb == "train"
            ? ["train", "--data", _root.File("data"), "--output", _root.File("x.ONNX")]
            : ["quantize", "--model", _root.File("model.zip"), "--data", _root.File("data"), "--output", _root.File("q.onnx")];

        var run = await CliHarness.RunAsync(args);

        CliAssert.OneLineError(run, ExitCode.UsageError, "names an ONNX file, but this writes a model zip: name it .zip (mlpipeline export writes the ONNX file)");
        Assert.Equal(["data", "model.zip"], Directory.GetFileSystemEntries(_root.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
