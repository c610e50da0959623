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
}
