using MlPipeline.Core.Backbones;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Evaluation.Comparison;

/// <summary>
/// Models trained with the real ResNet-50 on generated shapes: one on the full data, one on a tenth of it, one on
/// half of the classes, one whose classes share nothing with the others; and a held-out folder to compare them on.
/// </summary>
public sealed class ComparisonModelsFixture : IAsyncLifetime, IDisposable
{
    private static readonly string[] Classes = ["circle", "cross", "ring", "square", "stripes", "triangle"];
    private readonly ScratchFolder _root = new();

    public string Full => _root.File("full.zip");

    public string Tenth => _root.File("tenth.zip");

    public string HalfTheClasses => _root.File("half.zip");

    public string Disjoint => _root.File("disjoint.zip");

    public string Holdout => _root.File("holdout");

    public async Task InitializeAsync()
    {
        var full = _root.File("data-full");
        var data = SyntheticDataset.Generate(full, new SyntheticDatasetSpec { ClassNames = Classes, ImagesPerClass = 20, MinSide = 48, MaxSide = 128, Seed = 1 });
        SyntheticDataset.Generate(Holdout, new SyntheticDatasetSpec { ClassNames = Classes, ImagesPerClass = 12, MinSide = 48, MaxSide = 128, Seed = 2 });
        Copy(data, _root.File("data-tenth"), Classes, perClass: 2, rename: c => c);
        Copy(data, _root.File("data-half"), Classes[..3], perClass: 4, rename: c => c);
        Copy(data, _root.File("data-disjoint"), Classes[..2], perClass: 2, rename: c => "not-" + c);
        await Train(full, Full);
        await Train(_root.File("data-tenth"), Tenth);
        await Train(_root.File("data-half"), HalfTheClasses);
        await Train(_root.File("data-disjoint"), Disjoint);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();

    private static void Copy(GeneratedDataset data, string folder, IEnumerable<string> classes, int perClass, Func<string, string> rename)
    {
        foreach (var name in classes)
        {
            var target = Directory.CreateDirectory(Path.Combine(folder, rename(name))).FullName;
            foreach (var image in data.Images.Where(i => i.ClassName == name).Take(perClass))
            {
                File.Copy(image.Path, Path.Combine(target, Path.GetFileName(image.Path)));
            }
        }
    }

    private static async Task Train(string data, string model)
    {
        var run = await CliHarness.RunAsync("train", "--data", data, "--output", model, "--cache-dir", BackboneCache.DefaultDirectory(), "--unfreeze", "none", "--quiet");
        Assert.True(run.ExitCode == 0, run.Stderr);
    }
}
