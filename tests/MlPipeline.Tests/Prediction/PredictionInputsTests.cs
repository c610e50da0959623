using MlPipeline.Core;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Prediction.Output;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Prediction;

public sealed class PredictionInputsTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_folder_gives_its_own_images_sorted_ordinally_without_subfolders_by_default()
    {
        Touch("b.png", "B.jpg", "a.JPEG", "notes.txt", ".hidden.png", "sub/c.png");

        var inputs = PredictionInputs.Resolve(_root.Path, recursive: false);

        Assert.Equal(["B.jpg", "a.JPEG", "b.png"], inputs.Select(i => i.RelativePath));
        Assert.All(inputs, i => Assert.True(File.Exists(i.FullPath)));
    }

    [Fact]
    public void Recursive_adds_subfolders_with_slash_separated_relative_paths()
    {
        Touch("b.png", "sub/deeper/c.png", "sub/a.png", ".git/x.png");

        var inputs = PredictionInputs.Resolve(_root.Path, recursive: true);

        Assert.Equal(["b.png", "sub/a.png", "sub/deeper/c.png"], inputs.Select(i => i.RelativePath));
    }

    [Fact]
    public void A_file_is_predicted_as_given_whatever_its_extension()
    {
        Touch("photo.tiff");

        var input = Assert.Single(PredictionInputs.Resolve(_root.File("photo.tiff"), recursive: false));

        Assert.Equal("photo.tiff", input.RelativePath);
    }

    [Fact]
    public void Symlinks_left_out_by_the_policy_are_reported()
    {
        Touch("a.png");
        using var outside = new ScratchFolder();
        File.WriteAllBytes(outside.File("secret.png"), [1]);
        File.CreateSymbolicLink(_root.File("out.png"), outside.File("secret.png"));
        File.CreateSymbolicLink(_root.File("dangling.png"), _root.File("gone.png"));
        File.CreateSymbolicLink(_root.File("again.png"), _root.File("a.png"));
        var skipped = new List<string>();

        var inputs = PredictionInputs.Resolve(_root.Path, recursive: false, issue => skipped.Add(issue.RelativePath));

        Assert.Equal(["a.png"], inputs.Select(i => i.RelativePath));
        // A link to a file already listed would predict it twice.
        Assert.Equal(["again.png", "dangling.png", "out.png"], skipped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_input_is_a_usage_error()
    {
        var e = Assert.Throws<MlPipelineException>(() => PredictionInputs.Resolve(_root.File("missing"), recursive: false));

        Assert.Equal(ExitCode.UsageError, e.ExitCode);
    }

    [Theory]
    [InlineData("p.txt", 3, 0.0, false)]
    [InlineData("p.csv", 0, 0.0, false)]
    [InlineData("p.csv", 3, 1.5, false)]
    [InlineData(null, 3, 0.0, true)]
    public void Options_no_run_could_use_are_usage_errors(string? output, int topK, double minConfidence, bool resume)
    {
        var options = new PredictOptions("m.zip", "in", false, output, PredictionFormat.Csv, topK, minConfidence, resume);

        var e = Assert.Throws<MlPipelineException>(options.Validate);

        Assert.Equal(ExitCode.UsageError, e.ExitCode);
    }

    [Theory]
    [InlineData("out.CSV", PredictionFormat.Csv)]
    [InlineData("dir/out.jsonl", PredictionFormat.Jsonl)]
    public void The_output_format_follows_the_extension(string path, PredictionFormat format)
    {
        Assert.Equal(format, PredictionFormats.FromPath(path));
    }

    private void Touch(params string[] names)
    {
        foreach (var name in names)
        {
            var path = _root.File(name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
        }
    }
}
