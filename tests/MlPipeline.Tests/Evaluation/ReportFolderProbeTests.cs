using MlPipeline.Core.Evaluation.Reports;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Evaluation;

/// <summary>evaluate checks the report folder before scoring; a run stopped after that check must leave no folder.</summary>
public sealed class ReportFolderProbeTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Checking_a_report_folder_that_does_not_exist_leaves_nothing_behind()
    {
        ReportWriter.EnsureWritable(_root.File("reports/run-1"));

        Assert.Empty(Directory.GetFileSystemEntries(_root.Path));
    }

    [Fact]
    public void Checking_an_existing_report_folder_keeps_it_and_what_it_holds()
    {
        Directory.CreateDirectory(_root.File("report"));
        File.WriteAllText(_root.File("report/notes.txt"), "kept");

        ReportWriter.EnsureWritable(_root.File("report"));

        Assert.Equal(["notes.txt"], Directory.GetFiles(_root.File("report")).Select(Path.GetFileName));
    }
}
