using MlPipeline.Core;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Dataset.Health;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Reporting;
using MlPipeline.ImageGen;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Dataset;

/// <summary>Issue 20/22: doctor's exit 3 means exactly "train would refuse", with train's own words.</summary>
public sealed class RefusalAgreementTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    public static TheoryData<string> Layouts => ["clean", "conflicts-only class", "empty class", "one class", "images at the top", "empty folder", "unreadable class"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Doctor_exits_3_exactly_when_train_refuses_and_says_what_train_says(string layout)
    {
        Build(layout);

        var report = await new DatasetDoctor(new SilentObserver()).RunAsync(new DoctorOptions(_root.Path, 0.2, 42), CancellationToken.None);
        var refusal = TrainRefusal();

        Assert.Equal(refusal is not null, report.ExitCode == ExitCode.DataError);
        Assert.Equal(refusal, report.Problems.Count == 0 ? null : string.Join(" ", report.Problems));
    }

    // What TrainRunner does before fitting anything: the layout check, then the check on what the split keeps.
    private string? TrainRefusal()
    {
        try
        {
            var dataset = DatasetScanner.Scan(_root.Path);
            DatasetValidation.EnsureTrainable(dataset);
            var reader = new ImageReader(224, 224);
            var readable = dataset.Images.Select(i => (Image: i, Hash: TryRead(reader, i.Path))).Where(r => r.Hash is not null).ToList();
            var partition = TrainingSplit.Create(readable, r => r.Image, r => r.Hash!, 0.2, 42);
            DatasetValidation.EnsureEveryClassKept(dataset, partition.Duplicates.Kept.Select(r => r.Image.Label));
            return null;
        }
        catch (MlPipelineException e)
        {
            Assert.Equal(ExitCode.DataError, e.ExitCode);
            return e.Message;
        }
    }

    // Train's reader (the one featurization uses), not doctor's probe.
    private static string? TryRead(ImageReader reader, string path)
    {
        try
        {
            var decoded = reader.Read(path);
            decoded.Image.Dispose();
            return decoded.ContentSha256;
        }
        catch (ImageReadException)
        {
            return null;
        }
    }

    private void Build(string layout)
    {
        if (layout == "empty folder")
        {
            return;
        }

        SyntheticDataset.Generate(_root.Path, new SyntheticDatasetSpec { ClassNames = layout == "one class" ? ["circle"] : ["circle", "square"], ImagesPerClass = 4 });
        var circle = Directory.GetFiles(_root.File("circle")).Order(StringComparer.Ordinal).ToArray();
        switch (layout)
        {
            case "conflicts-only class":
                Directory.CreateDirectory(_root.File("triangle"));
                File.Copy(circle[0], _root.File("triangle/same" + Path.GetExtension(circle[0])));
                break;
            case "empty class":
                Directory.CreateDirectory(_root.File("triangle"));
                break;
            case "images at the top":
                Directory.Delete(_root.File("square"), recursive: true);
                foreach (var file in circle)
                {
                    File.Move(file, _root.File(Path.GetFileName(file)));
                }

                Directory.Delete(_root.File("circle"));
                break;
            case "unreadable class":
                Directory.CreateDirectory(_root.File("triangle"));
                EdgeCaseImages.WriteTruncatedJpeg(_root.File("triangle/cut.jpg"));
                break;
        }
    }
}
