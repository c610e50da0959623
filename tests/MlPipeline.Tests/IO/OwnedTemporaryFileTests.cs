using MlPipeline.Core.IO;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.IO;

public sealed class OwnedTemporaryFileTests : IDisposable
{
    // Above Linux's largest pid_max (2^22), so no process ever has it.
    private const int DeadPid = 1 << 30;

    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Creating_one_removes_those_of_dead_processes_and_keeps_those_of_live_ones_and_other_names()
    {
        string[] kept =
        [
            $"mlpipeline-finetuned-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx",
            $"mlpipeline-finetuned-{DeadPid}-{Guid.NewGuid():N}.txt",
            $"other-{DeadPid}-{Guid.NewGuid():N}.onnx",
        ];
        var stale = $"mlpipeline-finetuned-{DeadPid}-{Guid.NewGuid():N}.onnx";
        foreach (var name in kept.Append(stale))
        {
            File.WriteAllBytes(_root.File(name), [1]);
        }

        using var created = OwnedTemporaryFile.Create("mlpipeline-finetuned", ".onnx", _root.Path);

        Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.GetFiles(_root.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.StartsWith($"mlpipeline-finetuned-{Environment.ProcessId}-", Path.GetFileName(created.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_removes_the_file_whatever_stopped_its_user()
    {
        try
        {
            using var file = OwnedTemporaryFile.Create("mlpipeline-finetuned", ".onnx", _root.Path);
            File.WriteAllBytes(file.Path, [1, 2, 3]);
            throw new OperationCanceledException();
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Empty(Directory.GetFiles(_root.Path));
    }
}
