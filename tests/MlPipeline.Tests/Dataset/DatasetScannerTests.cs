using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

public sealed class DatasetScannerTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Classes_are_subfolders_sorted_ordinally()
    {
        Touch("b/1.jpg", "a/1.jpg", "B/1.jpg", "_x/1.jpg");

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(["B", "_x", "a", "b"], dataset.Classes);
    }

    [Fact]
    public void Image_extensions_match_in_any_case_and_other_files_are_ignored()
    {
        Touch("cats/a.JPG", "cats/b.jpeg", "cats/c.Png", "cats/d.bmp", "cats/e.GIF", "cats/f.webp", "cats/notes.txt", "cats/g.tiff", "cats/noext");

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(["cats/a.JPG", "cats/b.jpeg", "cats/c.Png", "cats/d.bmp", "cats/e.GIF", "cats/f.webp"], dataset.Images.Select(i => i.RelativePath));
    }

    [Fact]
    public void Nested_folders_belong_to_their_class_and_hidden_entries_are_skipped()
    {
        Touch("dogs/x.jpg", "dogs/2024/summer/y.png", "dogs/.thumb.jpg", "dogs/.cache/z.jpg", ".hidden-class/a.jpg");

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(["dogs"], dataset.Classes);
        Assert.Equal(["dogs/2024/summer/y.png", "dogs/x.jpg"], dataset.Images.Select(i => i.RelativePath));
        Assert.All(dataset.Images, i => Assert.Equal("dogs", i.Label));
    }

    [Fact]
    public void A_missing_folder_is_a_usage_error()
    {
        var e = Assert.Throws<MlPipelineException>(() => DatasetScanner.Scan(_root.File("nope")));

        Assert.Equal(ExitCode.UsageError, e.ExitCode);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_two_classes_is_a_data_error()
    {
        Touch("only/a.jpg");

        var e = Assert.Throws<MlPipelineException>(() => DatasetValidation.EnsureTrainable(DatasetScanner.Scan(_root.Path)));

        Assert.Equal(ExitCode.DataError, e.ExitCode);
    }

    [Fact]
    public void An_empty_class_is_a_data_error_that_names_it()
    {
        Touch("full/a.jpg", "empty/readme.txt");

        var e = Assert.Throws<MlPipelineException>(() => DatasetValidation.EnsureTrainable(DatasetScanner.Scan(_root.Path)));

        Assert.Equal(ExitCode.DataError, e.ExitCode);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    private void Touch(params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var path = _root.File(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [1]);
        }
    }
}
