using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.Core.Dataset.Health;
using MlPipeline.Core.Reporting;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;
using SkiaSharp;

namespace MlPipeline.Tests.Dataset.Health;

public sealed class DatasetDoctorTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_clean_generated_dataset_exits_0_with_its_counts()
    {
        Generate();

        var report = await Run();

        Assert.Equal(ExitCode.Success, report.ExitCode);
        Assert.Equal(30, report.Files);
        Assert.All(report.Classes, c => Assert.Equal(10, c.Readable));
        Assert.Equal(1.0, report.ImbalanceRatio);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task Every_kind_of_finding_is_reported_with_its_file_and_exit_8()
    {
        Generate();
        var circle = Directory.GetFiles(_root.File("circle")).Order(StringComparer.Ordinal).ToArray();
        File.Copy(circle[0], _root.File("circle/copy.jpg"));
        File.Copy(circle[1], _root.File("square/conflict" + Path.GetExtension(circle[1])));
        EdgeCaseImages.WriteTruncatedJpeg(_root.File("square/cut.jpg"));
        File.WriteAllBytes(_root.File("square/scan.png"), [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]);
        EdgeCaseImages.WriteGrayscalePng(_root.File("triangle/tiny.png"), 8, 8);
        EdgeCaseImages.WriteGrayscalePng(_root.File("triangle/strip.png"), 400, 40);
        File.Copy(circle[1], _root.File("triangle/wrong.gif"));
        Reencode(circle[2], _root.File("circle/reencoded.jpg"));
        Directory.CreateSymbolicLink(_root.File("square/loop"), "..");

        var report = await Run();

        Assert.Equal(ExitCode.SomeInputsFailed, report.ExitCode);
        Assert.Equal(["square/cut.jpg: truncated image", "square/scan.png: unsupported format: tiff"], report.Unreadable.Select(f => $"{f.Path}: {f.Detail}").Order(StringComparer.Ordinal));
        Assert.Contains(report.DuplicatesWithinClass, d => d.Paths.Contains("circle/copy.jpg"));
        Assert.Contains(report.LabelConflicts, c => c.Labels.SequenceEqual(["circle", "square", "triangle"]) || c.Labels.SequenceEqual(["circle", "square"]));
        Assert.Contains(report.NearDuplicates, p => (p.A, p.B) == (Rel(circle[2]), "circle/reencoded.jpg") || (p.B, p.A) == (Rel(circle[2]), "circle/reencoded.jpg"));
        Assert.Equal(["triangle/tiny.png"], report.TinyImages.Select(f => f.Path));
        Assert.Equal(["triangle/strip.png: 400x40"], report.ExtremeAspectRatios.Select(f => $"{f.Path}: {f.Detail}"));
        Assert.Contains(report.ExtensionMismatches, f => f.Path == "triangle/wrong.gif");
        Assert.Equal("square/loop", Assert.Single(report.SkippedEntries).RelativePath);
        Assert.Empty(report.Problems);
    }

    [Fact]
    public async Task A_near_duplicate_pair_is_flagged_as_a_leak_exactly_when_the_split_separates_it()
    {
        Generate();
        var circle = Directory.GetFiles(_root.File("circle")).Order(StringComparer.Ordinal).ToArray();
        Reencode(circle[0], _root.File("circle/zz-reencoded.jpg"));

        var flags = new List<bool>();
        for (var seed = 1; seed <= 12; seed++)
        {
            var report = await Run(seed: seed, fraction: 0.5);
            flags.Add(Assert.Single(report.NearDuplicates, p => p.B == "circle/zz-reencoded.jpg").CrossesSplit);
        }

        // With half of the class held out, some seeds separate the pair and some do not.
        Assert.Contains(true, flags);
        Assert.Contains(false, flags);
    }

    [Fact]
    public async Task Resized_and_brightened_copies_are_flagged_and_no_other_pair()
    {
        Generate();
        var circle = Directory.GetFiles(_root.File("circle")).Order(StringComparer.Ordinal).ToArray();
        Reencode(circle[0], _root.File("circle/zz-bigger.png"), scale: 2);
        Reencode(circle[1], _root.File("circle/zz-brighter.jpg"), brightness: 1.1);

        var report = await Run();

        Assert.Equal(
            [(Rel(circle[0]), "circle/zz-bigger.png"), (Rel(circle[1]), "circle/zz-brighter.jpg")],
            report.NearDuplicates.Select(p => (p.A, p.B)).OrderBy(p => p.A, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_committed_sample_has_no_near_duplicates_and_exits_0()
    {
        var options = new DoctorOptions(Path.Combine(RepositoryRoot.Path, "data", "sample"), 0.2, 42);

        var report = await new DatasetDoctor(new SilentObserver()).RunAsync(options, CancellationToken.None);

        Assert.Empty(report.NearDuplicates);
        Assert.Equal(ExitCode.Success, report.ExitCode);
    }

    [Fact]
    public async Task Colliding_class_names_and_an_empty_class_are_problems_train_refuses_exit_3()
    {
        Generate();
        Directory.Move(_root.File("square"), _root.File("Circle"));
        Directory.CreateDirectory(_root.File("empty"));

        var report = await Run();

        Assert.Equal(ExitCode.DataError, report.ExitCode);
        Assert.Contains(report.Problems, p => p.Contains("Circle / circle", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("Class folder(s) without images: empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cli_prints_a_summary_or_json_and_exits_with_the_reports_code()
    {
        Generate();
        File.Copy(Directory.GetFiles(_root.File("circle"))[0], _root.File("square/x.jpg"));

        var text = await CliHarness.RunAsync("doctor", "--data", _root.Path, "--quiet");
        var json = await CliHarness.RunAsync("doctor", "--data", _root.Path, "--json", "--quiet");

        Assert.Equal(8, text.ExitCode);
        Assert.Contains("Label conflicts", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict: usable, with warnings", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(8, json.ExitCode);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(1, document.RootElement.GetProperty("labelConflicts").GetArrayLength());
        Assert.Equal(8, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    private string Rel(string path) => Path.GetRelativePath(_root.Path, path).Replace('\\', '/');

    private void Generate() =>
        SyntheticDataset.Generate(_root.Path, new SyntheticDatasetSpec { ImagesPerClass = 10 });

    private Task<DoctorReport> Run(int seed = 42, double fraction = 0.2) =>
        new DatasetDoctor(new SilentObserver()).RunAsync(new DoctorOptions(_root.Path, fraction, seed), CancellationToken.None);

    // The same picture, decoded, optionally resized or brightened, and saved again (JPEG 80 or PNG, by the target's
    // extension): other bytes, nearly the same pixels.
    private static void Reencode(string source, string target, double scale = 1, double brightness = 1)
    {
        using var decoded = SKBitmap.Decode(source);
        using var bitmap = decoded.Resize(new SKImageInfo((int)(decoded.Width * scale), (int)(decoded.Height * scale)), SKFilterQuality.High);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(Brighten(c.Red), Brighten(c.Green), Brighten(c.Blue), c.Alpha));
            }
        }

        var png = target.EndsWith(".png", StringComparison.Ordinal);
        using var data = bitmap.Encode(png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, png ? 100 : 80);
        File.WriteAllBytes(target, data.ToArray());

        byte Brighten(byte channel) => (byte)Math.Min(255, Math.Round(channel * brightness));
    }
}
