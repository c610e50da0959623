using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.LabelFiles;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset.LabelFiles;

/// <summary>Issue 20: a label file's rows resolved under the images root, into the dataset a folder would give.</summary>
public sealed class LabelFileTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    private string Images => _root.File("images");

    private void Touch(params string[] names)
    {
        foreach (var name in names)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Images, name))!);
            File.WriteAllBytes(Path.Combine(Images, name), [1, 2, 3]);
        }
    }

    private LabelFileOptions Write(string text, string name = "labels.csv")
    {
        File.WriteAllText(_root.File(name), text);
        return new LabelFileOptions(_root.File(name)) { ImagesRoot = Images };
    }

    private static MlPipelineException Refused(LabelFileOptions options, ExitCode expected = ExitCode.DataError)
    {
        var e = Assert.Throws<MlPipelineException>(() => LabelFile.Read(options, readLabels: true));
        Assert.Equal(expected, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void A_label_file_gives_the_dataset_its_class_folders_give()
    {
        SyntheticDataset.Generate(Images, new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 3 });
        var folder = DatasetScanner.Scan(Images);
        // Listed in another order, and with ./ prefixes: the dataset is sorted and normalized the same way.
        var rows = folder.Images.Reverse().Select(i => $"./{i.RelativePath},{i.Label}");

        var labeled = LabelFile.Read(Write("path,label\n" + string.Join("\n", rows)), readLabels: true).ToDataset();

        Assert.Equal(folder.Classes, labeled.Classes);
        Assert.Equal(folder.Images, labeled.Images);
        Assert.Equal(folder.Root, labeled.Root);
        Assert.Equal(_root.File("labels.csv"), labeled.LabelFile);
        Assert.Matches("^[0-9a-f]{64}$", labeled.LabelFileSha256);
    }

    [Fact]
    public void The_images_root_defaults_to_the_label_files_folder()
    {
        Touch("a.jpg");
        File.WriteAllText(Path.Combine(Images, "labels.csv"), "path,label\na.jpg,cat\n");

        var contents = LabelFile.Read(new LabelFileOptions(Path.Combine(Images, "labels.csv")), readLabels: true);

        Assert.Equal(Images, contents.Root);
        Assert.Equal(Path.Combine(Images, "a.jpg"), Assert.Single(contents.Images).FullPath);
    }

    [Fact]
    public void A_path_that_leaves_the_images_root_is_refused_with_its_line()
    {
        Touch("a.jpg");
        File.WriteAllBytes(_root.File("outside.jpg"), [1]);

        var e = Refused(Write("path,label\na.jpg,cat\n../outside.jpg,dog\n"));

        Assert.Equal($"Label file {_root.File("labels.csv")} line 3: ../outside.jpg is outside the images root {Images}; list paths below it, or set --images-root.", e.Message);
        Assert.Contains("line 2: /etc/passwd is outside", Refused(Write("path,label\n/etc/passwd,cat\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_without_extension_names_its_one_image_file()
    {
        Touch("train/17.png", "train/18.jpg", "train/18.txt");

        var images = LabelFile.Read(Write("id,label\ntrain/17,cat\ntrain/18,dog\n"), readLabels: true).Images;

        Assert.Equal(["train/17.png", "train/18.jpg"], images.Select(i => i.RelativePath));
    }

    [Fact]
    public void An_id_that_several_images_match_is_refused()
    {
        Touch("17.png", "17.jpg", "18.png");

        var e = Refused(Write("id,label\n18,dog\n17,cat\n"));

        Assert.Contains("line 3: the id 17 matches 2 images (17.jpg, 17.png); write the file name with its extension.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_listed_with_two_labels_is_refused_with_both_lines()
    {
        Touch("a.jpg", "b.jpg");

        var e = Refused(Write("path,label\na.jpg,cat\nb.jpg,dog\n./a.jpg,dog\n"));

        Assert.Contains("labels a.jpg 'cat' on line 2 and 'dog' on line 4; give each image one label.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_listed_again_with_its_label_counts_once_and_is_reported()
    {
        Touch("a.jpg", "b.jpg");

        var contents = LabelFile.Read(Write("path,label\na.jpg,cat\nb.jpg,dog\na.jpg,cat\n"), readLabels: true);

        Assert.Equal(["a.jpg", "b.jpg"], contents.Images.Select(i => i.RelativePath));
        Assert.Equal(new ScanIssue("a.jpg", "listed again on line 4 (first on line 2)"), Assert.Single(contents.Skipped));
        Assert.Single(contents.ToDataset().SkippedEntries);
    }

    [Fact]
    public void A_missing_image_stays_listed_so_that_reading_it_reports_it()
    {
        Touch("a.jpg");

        var dataset = LabelFile.Read(Write("path,label\na.jpg,cat\ngone.jpg,dog\n"), readLabels: true).ToDataset();

        Assert.Equal(["cat", "dog"], dataset.Classes);
        Assert.Equal(["a.jpg", "gone.jpg"], dataset.Images.Select(i => i.RelativePath));
    }

    [Fact]
    public void A_label_file_none_of_whose_images_exist_is_refused()
    {
        Touch("elsewhere.jpg");

        var e = Refused(Write("path,label\na.jpg,cat\nb.jpg,dog\n"));

        Assert.Equal($"None of the 2 images listed in {_root.File("labels.csv")} exists under {Images} (first: a.jpg, line 2); check --images-root.", e.Message);
    }

    [Fact]
    public void A_listed_folder_is_refused()
    {
        Touch("cats/a.jpg");

        Assert.Contains("line 2: cats is a folder, not an image", Refused(Write("path,label\ncats,cat\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_label_file_a_folder_and_a_missing_root_are_usage_errors()
    {
        Directory.CreateDirectory(Images);

        Assert.Equal("Label file not found: nope.csv", Refused(new LabelFileOptions("nope.csv"), ExitCode.UsageError).Message);
        Assert.Contains("is a folder; --labels takes a CSV or TSV file", Refused(new LabelFileOptions(Images), ExitCode.UsageError).Message, StringComparison.Ordinal);
        Assert.StartsWith("Images root not found: /nonexistent-root", Refused(Write("path,label\na.jpg,cat\n") with { ImagesRoot = "/nonexistent-root" }, ExitCode.UsageError).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_given_as_the_label_file_is_refused_before_anything_opens_it()
    {
        Directory.CreateDirectory(Images);
        UnusualEntryTests.Shell(_root.Path, "mkfifo labels.csv");

        var e = Refused(new LabelFileOptions(_root.File("labels.csv")), ExitCode.UsageError);

        Assert.Equal($"Label file {_root.File("labels.csv")} cannot be opened: not a regular file.", e.Message);
    }

    [Fact]
    public void A_listed_pipe_is_skipped_and_reported_as_folders_report_it()
    {
        Touch("a.jpg");
        UnusualEntryTests.Shell(Images, "mkfifo pipe.jpg");

        var contents = LabelFile.Read(Write("path,label\na.jpg,cat\npipe.jpg,dog\n"), readLabels: true);

        Assert.Equal(["a.jpg"], contents.Images.Select(i => i.RelativePath));
        Assert.Equal(new ScanIssue("pipe.jpg", "not a regular file"), Assert.Single(contents.Skipped));
    }
}
