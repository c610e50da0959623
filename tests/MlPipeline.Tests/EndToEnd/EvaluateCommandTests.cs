using System.IO.Compression;
using System.Text.Json;
using MlPipeline.Core;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.EndToEnd;

/// <summary>The evaluate verb for real: a tiny model trained on generated images, measured on other generated images.</summary>
[Collection(ResNet50Tests.Name)]
[Trait("Tier", "Slow")]
public sealed class EvaluateCommandTests(ResNet50Fixture resnet, TrainedModelFixture trained) : IDisposable
{
    private static readonly string[] Classes = TrainedModelFixture.Classes;
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Metrics_match_a_hand_count_of_the_predictions_and_the_report_folder_is_complete()
    {
        var model = trained.ModelPath;
        var test = TestFolder();
        var report = _root.File("report");

        var run = await Evaluate(model, test, "--report", report, "--min-accuracy", "0");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("gate min-accuracy 0.00: PASS", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Class folder 'mystery' (2 images) is not a class of the model", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"Evaluating: 15/15 \(100%\)", run.Stderr);

        var (expectedMatrix, expectedAccuracy) = HandCount(model, test);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")));
        var root = metrics.RootElement;
        var figures = root.GetProperty("metrics");
        Assert.Equal(15, figures.GetProperty("count").GetInt32());
        Assert.Equal(expectedAccuracy, figures.GetProperty("microAccuracy").GetDouble(), 9);
        int[][] matrix = [.. figures.GetProperty("confusionMatrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray())];
        Assert.Equal(expectedMatrix, matrix);
        Assert.Equal(resnet.Backbone.Sha256, root.GetProperty("model").GetProperty("backbone").GetProperty("sha256").GetString());
        Assert.Equal(Classes, root.GetProperty("model").GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(15, root.GetProperty("dataset").GetProperty("images").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("dataset").GetProperty("fingerprint").GetString());
        var unknown = Assert.Single(root.GetProperty("dataset").GetProperty("unknownClasses").EnumerateArray());
        Assert.Equal("mystery", unknown.GetProperty("name").GetString());
        Assert.Equal(2, unknown.GetProperty("images").GetInt32());
        Assert.True(root.GetProperty("gatesPassed").GetBoolean());
        // The same circles also sit in the square folder, so at least three predictions are wrong.
        Assert.True(root.GetProperty("worstMistakes").GetArrayLength() >= 3);

        Assert.Equal(
            ["confusion-matrix-normalized.png", "confusion-matrix.png", "metrics.json", "per-class.png", "reliability.png", "report.html", "report.md"],
            Directory.GetFiles(report).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains("| true \\ predicted | circle | square | triangle |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| circle | **{expectedMatrix[0][0]}** | {expectedMatrix[0][1]} | {expectedMatrix[0][2]} |", markdown, StringComparison.Ordinal);
        Assert.Contains("`mystery`: 2 images", markdown, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("data:image/jpeg;base64,", html, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(report, "confusion-matrix.png"))[..4]);
    }

    [Fact]
    public async Task Failed_gates_exit_7_absent_classes_show_support_0_and_folders_without_known_classes_are_data_errors()
    {
        var model = trained.ModelPath;
        var test = TestFolder();
        Directory.Delete(Path.Combine(test, "triangle"), recursive: true);

        var run = await Evaluate(model, test, "--min-accuracy", "1", "--min-class-recall", "0", "--json");

        Assert.Equal(7, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var gates = json.RootElement.GetProperty("gates").EnumerateArray().ToList();
        Assert.False(gates[0].GetProperty("passed").GetBoolean());
        Assert.True(gates[1].GetProperty("passed").GetBoolean());
        var triangle = json.RootElement.GetProperty("metrics").GetProperty("perClass").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "triangle");
        Assert.Equal(0, triangle.GetProperty("support").GetInt32());

        var onlyUnknown = _root.File("unknown");
        Directory.CreateDirectory(onlyUnknown);
        Directory.Move(Path.Combine(test, "mystery"), Path.Combine(onlyUnknown, "mystery"));
        var noKnown = await Evaluate(model, onlyUnknown);
        Assert.Equal(3, noKnown.ExitCode);
        Assert.StartsWith("error: No images of the model's classes", LastLine(noKnown.Stderr), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_models_exit_6_and_bad_arguments_exit_2_with_one_line_and_no_stack_trace()
    {
        var data = _root.File("data");
        SyntheticDataset.Generate(data, new SyntheticDatasetSpec { ClassNames = ["circle"], ImagesPerClass = 1, MinSide = 48, MaxSide = 48 });
        var foreign = _root.File("foreign.zip");
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            zip.CreateEntry("hello.txt");
        }

        var notZip = _root.File("not-a-zip.zip");
        File.WriteAllText(notZip, "plain text");

        foreach (var (path, exitCode) in new[] { (foreign, ExitCode.ModelError), (notZip, ExitCode.ModelError), (_root.File("missing.zip"), ExitCode.UsageError) })
        {
            CliAssert.OneLineError(await Evaluate(path, data), exitCode);
        }

        Assert.Equal(2, (await CliHarness.RunAsync("evaluate", "--model", foreign)).ExitCode);
        Assert.Equal(2, (await Evaluate(foreign, data, "--min-accuracy", "1.5")).ExitCode);
        Assert.Equal(2, (await Evaluate(foreign, data, "--min-class-recall", "-0.1")).ExitCode);
    }

    // 4 images per class from another seed, the 3 circles copied into the square folder too (so some predictions
    // must be wrong), and a class folder the model never saw.
    private string TestFolder()
    {
        var test = _root.File("test");
        var generated = SyntheticDataset.Generate(test, new SyntheticDatasetSpec { ClassNames = Classes, ImagesPerClass = 4, Seed = 7, MinSide = 48, MaxSide = 96 });
        foreach (var circle in generated.Images.Where(i => i.ClassName == "circle").Take(3))
        {
            File.Copy(circle.Path, Path.Combine(test, "square", "copied-" + Path.GetFileName(circle.Path)));
        }

        Directory.CreateDirectory(Path.Combine(test, "mystery"));
        foreach (var square in generated.Images.Where(i => i.ClassName == "square").Take(2))
        {
            File.Copy(square.Path, Path.Combine(test, "mystery", Path.GetFileName(square.Path)));
        }

        return test;
    }

    private static (int[][] Matrix, double Accuracy) HandCount(string model, string test)
    {
        using var classifier = MlNetClassifier.Load(model);
        var matrix = Classes.Select(_ => new int[Classes.Length]).ToArray();
        for (var i = 0; i < Classes.Length; i++)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(test, Classes[i])))
            {
                matrix[i][Array.IndexOf(Classes, classifier.Predict(file).PredictedLabel)]++;
            }
        }

        var right = Enumerable.Range(0, Classes.Length).Sum(i => matrix[i][i]);
        return (matrix, (double)right / matrix.Sum(r => r.Sum()));
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];

    private static Task<CliRun> Evaluate(string model, string data, params string[] extra) =>
        CliHarness.RunAsync(["evaluate", "--model", model, "--data", data, .. extra]);
}
