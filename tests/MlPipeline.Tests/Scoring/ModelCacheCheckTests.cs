using System.IO.Compression;
using System.Text.Json.Nodes;
using MlPipeline.Core;
using MlPipeline.Core.Models;
using MlPipeline.Core.Scoring;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Scoring;

/// <summary>
/// A zip or a cache entry damaged after an earlier run gets the verdict a cold cache would give: a damaged zip is
/// refused (exit 6) even when the cache holds the undamaged backbone, and a damaged cache entry is read again from
/// the zip and replaced.
/// </summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class ModelCacheCheckTests(TrainedModelFixture trained) : IDisposable
{
    private const int Damage = 64 * 1024;

    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_zip_whose_backbone_entry_was_rewritten_with_damaged_weights_fails_though_the_cache_holds_the_good_backbone()
    {
        var model = CopyOfTheModel();
        ScoringModel.Open(model, _root.File("cache"));

        using (var zip = ZipFile.Open(model, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.Name == EmbeddedBackbone.EntryName);
            var name = entry.FullName;
            byte[] onnx;
            using (var stream = entry.Open())
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                onnx = buffer.ToArray();
            }

            // The middle of the model is convolution weights.
            Array.Fill(onnx, (byte)0x7f, onnx.Length / 2, Damage);
            entry.Delete();
            using var rewritten = zip.CreateEntry(name).Open();
            rewritten.Write(onnx);
        }

        AssertRefused(model, _root.File("cache"));
        AssertRefused(model, _root.File("cold-cache"));
    }

    [Fact]
    public void A_zip_overwritten_in_place_inside_its_backbone_fails_though_the_cache_holds_the_good_backbone()
    {
        var model = CopyOfTheModel();
        ScoringModel.Open(model, _root.File("cache"));

        using (var file = new FileStream(model, FileMode.Open, FileAccess.Write))
        {
            // The backbone is nearly all of the zip, so its middle lies inside the backbone's entry.
            file.Position = file.Length / 2;
            file.Write(Enumerable.Repeat((byte)0x7f, Damage).ToArray());
        }

        AssertRefused(model, _root.File("cache"));
        AssertRefused(model, _root.File("cold-cache"));
    }

    [Fact]
    public void A_moved_bias_in_the_cached_head_is_noticed_and_the_entry_read_again_from_the_zip()
    {
        var cache = _root.File("cache");
        var expected = ScoringModel.Open(trained.ModelPath, cache).Head!.Biases;
        var headPath = CachedHeadPath(cache);
        var good = File.ReadAllText(headPath);
        EditCachedHead(headPath, head => head["biases"]![0] = head["biases"]![0]!.GetValue<float>() + 10);

        var model = ScoringModel.Open(trained.ModelPath, cache);

        Assert.Equal(expected, model.Head!.Biases);
        Assert.Equal(good, File.ReadAllText(headPath));
    }

    [Fact]
    public void Edited_class_names_in_the_cached_head_are_noticed_and_the_entry_read_again_from_the_zip()
    {
        var cache = _root.File("cache");
        ScoringModel.Open(trained.ModelPath, cache);
        var headPath = CachedHeadPath(cache);
        var good = File.ReadAllText(headPath);
        EditCachedHead(headPath, head => head["classes"] = new JsonArray("square", "circle", "triangle"));

        var model = ScoringModel.Open(trained.ModelPath, cache);

        Assert.Equal(TrainedModelFixture.Classes, model.Classes);
        Assert.Equal(good, File.ReadAllText(headPath));
    }

    private string CopyOfTheModel()
    {
        var copy = _root.File("model.zip");
        File.Copy(trained.ModelPath, copy);
        return copy;
    }

    private static string CachedHeadPath(string cache) => Assert.Single(Directory.GetFiles(Path.Combine(cache, "scoring"), "*.head.json"));

    private static void EditCachedHead(string path, Action<JsonObject> edit)
    {
        var head = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(head);
        File.WriteAllText(path, head.ToJsonString());
    }

    private static void AssertRefused(string model, string cache)
    {
        var error = Assert.Throws<MlPipelineException>(() => ScoringModel.Open(model, cache));
        Assert.Equal(ExitCode.ModelError, error.ExitCode);
    }
}
