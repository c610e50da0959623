using System.Diagnostics;
using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.Health;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.IO;
using MlPipeline.Core.Prediction;
using MlPipeline.Core.Reporting;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 23, items 1 and 8: folders whose names are not UTF-8, and FIFOs named like images, never crash or hang a verb.</summary>
public sealed class UnusualEntryTests : IDisposable
{
    // A hang guard, not a timing assertion: a run that opens the FIFO never ends at all.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private readonly ScratchFolder _root = new();

    public UnusualEntryTests() => SyntheticDataset.Generate(_root.Path, new SyntheticDatasetSpec { ClassNames = ["circle", "square"], ImagesPerClass = 3 });

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_fifo_named_like_an_image_is_skipped_as_not_a_regular_file()
    {
        MakeFifo("circle/pipe.jpg");

        var dataset = DatasetScanner.Scan(_root.Path);

        var skipped = Assert.Single(dataset.SkippedEntries);
        Assert.Equal(("circle/pipe.jpg", FileKinds.NotRegularReason), (skipped.RelativePath, skipped.Reason));
        Assert.Equal(6, dataset.Images.Count);
    }

    [Fact]
    public async Task Doctor_on_a_dataset_with_a_fifo_ends_and_reports_it()
    {
        MakeFifo("circle/pipe.jpg");

        var report = await new DatasetDoctor(new SilentObserver()).RunAsync(new DoctorOptions(_root.Path, 0.2, 42), CancellationToken.None).WaitAsync(Hang);

        Assert.Contains(report.SkippedEntries, e => e.Reason == FileKinds.NotRegularReason);
        Assert.Equal(6, report.Files);
    }

    [Fact]
    public void Predict_refuses_a_fifo_given_as_its_input_with_the_reason()
    {
        MakeFifo("pipe.jpg");

        var e = Assert.Throws<MlPipelineException>(() => PredictionInputs.Resolve(_root.File("pipe.jpg"), recursive: false));

        Assert.Equal(ExitCode.UsageError, e.ExitCode);
        Assert.Contains(FileKinds.NotRegularReason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nested_folder_whose_name_is_not_utf8_is_skipped_and_reported()
    {
        MakeRawFolder("circle", [.. "cl"u8, 0xFE, .. "ss"u8]);

        var dataset = DatasetScanner.Scan(_root.Path);

        Assert.Equal(FileNames.UndecodableFolderReason, Assert.Single(dataset.SkippedEntries).Reason);
        Assert.Equal(6, dataset.Images.Count);
    }

    [Fact]
    public async Task A_class_folder_whose_name_is_not_utf8_is_a_data_error_in_one_line()
    {
        MakeRawFolder(_root.Path, [.. "cl"u8, 0xFE, .. "ss"u8]);

        var run = await CliHarness.RunAsync("doctor", "--data", _root.Path, "--quiet");

        CliAssert.OneLineError(run, ExitCode.DataError, "Class folder name is not valid UTF-8");
    }

    [Fact]
    public void Predict_recursive_skips_a_subfolder_whose_name_is_not_utf8()
    {
        MakeRawFolder("circle", [.. "cl"u8, 0xFE, .. "ss"u8]);
        var skipped = new List<ScanIssue>();

        var inputs = PredictionInputs.Resolve(_root.Path, recursive: true, skipped.Add);

        Assert.Equal(6, inputs.Count);
        Assert.Equal(FileNames.UndecodableFolderReason, Assert.Single(skipped).Reason);
    }

    [Fact]
    public void Predict_on_a_single_file_whose_name_is_not_utf8_says_why_it_cannot_be_opened()
    {
        SymlinkScanTests.WriteRawName(_root.Path, [(byte)'b', 0xC3, 0x28, .. ".jpg"u8]);

        var e = Assert.Throws<MlPipelineException>(() => PredictionInputs.Resolve(_root.File("b\uFFFD(.jpg"), recursive: false));

        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    private void MakeFifo(string relative) => Shell(_root.Path, $"mkfifo '{relative}'");

    // .NET cannot create a name that is not UTF-8; the shell can, from raw bytes. The folder gets one image.
    private void MakeRawFolder(string parent, byte[] name)
    {
        var octal = string.Concat(name.Select(b => $"\\{Convert.ToString(b, 8).PadLeft(3, '0')}"));
        var image = Directory.GetFiles(_root.File("circle")).Order(StringComparer.Ordinal).First();
        Shell(Path.Combine(_root.Path, parent), $"d=\"$(printf '{octal}')\" && mkdir \"$d\" && cp '{image}' \"$d/x{Path.GetExtension(image)}\"");
        Assert.Contains(Directory.EnumerateDirectories(Path.Combine(_root.Path, parent)), d => d.Contains('\uFFFD', StringComparison.Ordinal));
    }

    internal static void Shell(string folder, string script)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { WorkingDirectory = folder })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
