using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 8, defect 1 and the class-name finding: links never make a file count twice or change its class.</summary>
public sealed class SymlinkScanTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_symlink_loop_inside_a_class_is_skipped_and_reported_and_labels_stay_true()
    {
        Touch("circle/1.jpg", "circle/2.jpg", "square/1.jpg", "square/2.jpg", "square/3.jpg");
        Directory.CreateSymbolicLink(_root.File("circle/loop"), "..");
        Directory.CreateSymbolicLink(_root.File("circle/self"), ".");

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(5, dataset.Images.Count);
        Assert.Equal(2, dataset.Images.Count(i => i.Label == "circle"));
        Assert.All(dataset.Images.Where(i => i.Label == "circle"), i => Assert.StartsWith("circle/", i.RelativePath, StringComparison.Ordinal));
        Assert.Equal(["circle/loop", "circle/self"], dataset.SkippedEntries.Select(s => s.RelativePath).Order(StringComparer.Ordinal));
        Assert.All(dataset.SkippedEntries, s => Assert.Contains("symlink", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_symlinked_class_folder_pointing_at_another_class_is_not_a_second_class()
    {
        Touch("circle/1.jpg", "square/1.jpg");
        // "Alias" sorts before "circle": the real folder must still win.
        Directory.CreateSymbolicLink(_root.File("Alias"), "circle");

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(["circle", "square"], dataset.Classes);
        Assert.Equal(["circle/1.jpg", "square/1.jpg"], dataset.Images.Select(i => i.RelativePath));
        Assert.Equal("Alias", Assert.Single(dataset.SkippedEntries).RelativePath);
    }

    [Fact]
    public void Links_inside_the_root_to_new_files_are_followed_and_links_outside_are_skipped()
    {
        using var outside = new ScratchFolder();
        File.WriteAllBytes(outside.File("far.jpg"), [1]);
        Touch("circle/1.jpg", "square/1.jpg", "extra/a.jpg");
        File.CreateSymbolicLink(_root.File("circle/far.jpg"), outside.File("far.jpg"));
        File.CreateSymbolicLink(_root.File("circle/twin.jpg"), "1.jpg");
        Directory.CreateSymbolicLink(_root.File("square/more"), outside.Path);

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(["circle/1.jpg", "extra/a.jpg", "square/1.jpg"], dataset.Images.Select(i => i.RelativePath));
        Assert.Equal(
            ["circle/far.jpg: symlink leads outside the dataset", "circle/twin.jpg: symlink to a file already listed (circle/1.jpg)", "square/more: symlink leads outside the dataset"],
            dataset.SkippedEntries.Select(s => $"{s.RelativePath}: {s.Reason}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_linked_subfolder_with_new_images_inside_the_root_is_walked_once()
    {
        Touch("circle/1.jpg", "square/1.jpg", "_shared/s1.jpg", "_shared/s2.jpg");
        Directory.CreateSymbolicLink(_root.File("circle/shared"), "../_shared");
        Directory.CreateSymbolicLink(_root.File("square/shared-again"), "../_shared");

        var dataset = DatasetScanner.Scan(_root.Path);

        // _shared is itself a class walked first, so both links lead to what is already listed.
        Assert.Equal(4, dataset.Images.Count);
        Assert.Equal(2, dataset.SkippedEntries.Count);
    }

    [Theory]
    [InlineData("Cat", "cat")]
    [InlineData("caf\u00e9", "cafe\u0301")]
    [InlineData("\uFB01sh", "fish")]
    public void Class_names_that_differ_only_in_case_or_unicode_form_are_a_data_error(string one, string other)
    {
        Touch($"{one}/1.jpg", $"{other}/1.jpg", "dog/1.jpg");

        var e = Assert.Throws<MlPipelineException>(() => DatasetValidation.EnsureTrainable(DatasetScanner.Scan(_root.Path)));

        Assert.Equal(ExitCode.DataError, e.ExitCode);
        Assert.Contains(one, e.Message, StringComparison.Ordinal);
        Assert.Contains(other, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_listed_with_a_replacement_character()
    {
        Touch("circle/1.jpg", "square/1.jpg");
        WriteRawName(Path.Combine(_root.Path, "circle"), [.. "bad"u8, 0xFF, .. ".jpg"u8]);

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Contains(dataset.Images, i => i.RelativePath == "circle/bad\uFFFD.jpg");
        Assert.Equal(3, dataset.Images.Count);
    }

    // .NET cannot create a file whose name is not UTF-8; the shell can, from raw bytes.
    internal static void WriteRawName(string folder, byte[] name)
    {
        var octal = string.Concat(name.Select(b => $"\\{Convert.ToString(b, 8).PadLeft(3, '0')}"));
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", $"printf 'x' > \"$(printf '{octal}')\""]) { WorkingDirectory = folder })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains(Directory.EnumerateFiles(folder), f => f.Contains('\uFFFD', StringComparison.Ordinal));
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
