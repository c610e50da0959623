using MlPipeline.Core;
using MlPipeline.Core.IO;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_failed_write_keeps_the_previous_file_and_leaves_no_temporary_file()
    {
        var path = _root.File("model.zip");
        File.WriteAllText(path, "previous");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "half");
            throw new InvalidOperationException("crash mid-write");
        }));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["model.zip"], Directory.GetFiles(_root.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_successful_write_replaces_the_file()
    {
        var path = _root.File("sub/out.json");
        AtomicFile.EnsureWritable(path);

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void An_output_below_a_file_is_not_writable()
    {
        File.WriteAllText(_root.File("blocker"), "");

        var e = Assert.Throws<MlPipelineException>(() => AtomicFile.EnsureWritable(_root.File("blocker/model.zip")));

        Assert.Equal(ExitCode.OutputError, e.ExitCode);
    }

    [Fact]
    public void A_save_removes_temporary_files_a_killed_writer_left_at_that_path()
    {
        var path = _root.File("model.zip");
        // A PID above the kernel's pid_max (4194304) never runs; the other file belongs to this live process.
        File.WriteAllText(_root.File(".model.zip.99999999.0123456789abcdef0123456789abcdef.tmp"), "stale");
        var live = _root.File($".model.zip.{Environment.ProcessId}.fedcba9876543210fedcba9876543210.tmp");
        File.WriteAllText(live, "in progress");
        File.WriteAllText(_root.File(".other.zip.99999999.0123456789abcdef0123456789abcdef.tmp"), "another path's");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal(
            [$".model.zip.{Environment.ProcessId}.fedcba9876543210fedcba9876543210.tmp", ".other.zip.99999999.0123456789abcdef0123456789abcdef.tmp", "model.zip"],
            Directory.GetFiles(_root.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_full_disk_while_writing_is_an_output_error_and_leaves_the_previous_file()
    {
        var path = _root.File("model.zip");
        File.WriteAllText(path, "previous");

        // /dev/full answers every write with ENOSPC, as a full disk does.
        var e = Assert.Throws<MlPipelineException>(() => AtomicFile.Write(path, temp =>
        {
            File.WriteAllText(temp, "half");
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            full.Write(new byte[4096]);
            full.Flush();
        }));

        Assert.Equal(ExitCode.OutputError, e.ExitCode);
        Assert.Contains("model.zip", e.Message, StringComparison.Ordinal);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["model.zip"], Directory.GetFiles(_root.Path).Select(Path.GetFileName));
    }
}
