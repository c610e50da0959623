using System.IO.Compression;
using MlPipeline.Core;
using MlPipeline.Core.Models;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Cli;

/// <summary>Validation metrics that are not JSON make a zip damaged for every verb, not only for those that show them.</summary>
public sealed class ValidationEntryRuleTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    [InlineData("export")]
    public async Task A_zip_whose_validation_metrics_are_garbage_is_a_model_error(string verb)
    {
        var model = ZipWithValidation("not json {");
        Directory.CreateDirectory(_root.File("data"));
        File.WriteAllBytes(_root.File("image.png"), [1]);
        string[] args = verb switch
        {
            "predict" => ["predict", "--model", model, "--input", _root.File("image.png")],
            "evaluate" => ["evaluate", "--model", model, "--data", _root.File("data")],
            _ => ["export", "--model", model, "--output", _root.File("export")],
        };

        var run = await CliHarness.RunAsync(args);

        CliAssert.OneLineError(run, ExitCode.ModelError, "has unreadable validation metrics");
    }

    [Fact]
    public void Validation_metrics_that_are_json_but_not_an_object_are_refused_when_the_manifest_is_read()
    {
        var error = Assert.Throws<MlPipelineException>(() => ModelStore.ReadManifest(ZipWithValidation("[1, 2]")));

        Assert.Equal(ExitCode.ModelError, error.ExitCode);
        Assert.Contains("not a JSON object", error.Message, StringComparison.Ordinal);
    }

    private string ZipWithValidation(string validation)
    {
        var path = _root.File("model.zip");
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry(ModelStore.ManifestEntry).Open()))
        {
            writer.Write("{}");
        }

        using (var writer = new StreamWriter(zip.CreateEntry(ModelStore.ValidationEntry).Open()))
        {
            writer.Write(validation);
        }

        return path;
    }
}
