using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlPipeline.Core;
using MlPipeline.Core.Models;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>Issue 8, defect 2: the model's own label names decide; an edited manifest is refused, never believed.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class ManifestAuthorityTests(TrainedModelFixture trained) : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void The_models_own_label_names_match_the_manifest_it_was_saved_with()
    {
        var model = ModelStore.Load(trained.ModelPath);

        Assert.Equal(TrainedModelFixture.Classes, ModelLabels.Read(model.MLContext, model.Model, trained.ModelPath));
        Assert.Equal(TrainedModelFixture.Classes, model.Manifest.Classes);
    }

    [Theory]
    [InlineData("reversed")]
    [InlineData("shorter")]
    [InlineData("renamed")]
    public async Task An_edited_class_list_exits_6_for_predict_and_serve(string edit)
    {
        var edited = _root.File("edited.zip");
        File.Copy(trained.ModelPath, edited);
        RewriteClasses(edited, edit switch
        {
            "reversed" => [.. Enumerable.Reverse(TrainedModelFixture.Classes)],
            "shorter" => [.. TrainedModelFixture.Classes.Take(1)],
            _ => [.. TrainedModelFixture.Classes.Select((c, i) => i == 1 ? c.ToUpperInvariant() : c)],
        });
        var image = _root.File("x.png");
        MlPipeline.ImageGen.EdgeCaseImages.WriteGrayscalePng(image);

        var predict = await CliHarness.RunAsync("predict", "--model", edited, "--input", image);
        var serve = await CliHarness.RunAsync("serve", "--model", edited, "--urls", "http://127.0.0.1:0");

        foreach (var run in new[] { predict, serve })
        {
            CliAssert.OneLineError(run, ExitCode.ModelError, "manifest does not match model");
        }
    }

    private static void RewriteClasses(string zipPath, string[] classes)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var entry = zip.GetEntry(ModelStore.ManifestEntry)!;
        JsonNode manifest;
        using (var read = entry.Open())
        {
            manifest = JsonNode.Parse(read)!;
        }

        manifest["classes"] = new JsonArray([.. classes.Select(c => (JsonNode)JsonValue.Create(c))]);
        entry.Delete();
        using var write = zip.CreateEntry(ModelStore.ManifestEntry).Open();
        JsonSerializer.Serialize(write, manifest);
    }
}
