using System.IO.Compression;
using MlPipeline.Core;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>export's failures: one line on stderr, no stack trace, the documented exit code, nothing written.</summary>
public sealed class ExportErrorTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_zip_not_made_by_the_tool_is_a_model_error()
    {
        var foreign = _root.File("foreign.zip");
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a model");
        }

        var run = await Export("--model", foreign, "--output", _root.File("m.onnx"));

        CliAssert.OneLineError(run, ExitCode.ModelError, "is not an MlPipeline model");
        Assert.False(File.Exists(_root.File("m.onnx")));
    }

    [Fact]
    public async Task A_missing_model_file_is_a_usage_error()
    {
        var run = await Export("--model", _root.File("missing.zip"), "--output", _root.File("m.onnx"));

        CliAssert.OneLineError(run, ExitCode.UsageError, "Model not found");
    }

    [Fact]
    public async Task An_output_inside_a_file_is_an_output_error()
    {
        File.WriteAllText(_root.File("plain"), "x");

        var run = await Export("--model", _root.File("missing.zip"), "--output", _root.File("plain/m.onnx"));

        CliAssert.OneLineError(run, ExitCode.OutputError, "Cannot write to");
    }

    [Fact]
    public async Task A_web_folder_that_is_a_file_is_an_output_error()
    {
        File.WriteAllText(_root.File("web"), "x");

        var run = await Export("--model", _root.File("missing.zip"), "--output", _root.File("m.onnx"), "--web", _root.File("web"));

        CliAssert.OneLineError(run, ExitCode.OutputError, "--web must be a folder");
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var run = await Export("--model", _root.File("m.zip"), "--format", "tflite");

        Assert.Equal((int)ExitCode.UsageError, run.ExitCode);
        Assert.Contains("--format", run.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliRun> Export(params string[] args) => CliHarness.RunAsync(["export", .. args]);
}
