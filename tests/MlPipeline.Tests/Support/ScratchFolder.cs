namespace MlPipeline.Tests.Support;

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
internal sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mlpipeline-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) when (OperatingSystem.IsLinux())
        {
            // .NET cannot name files whose names are not UTF-8 (some tests make them on purpose); rm can.
            using var rm = System.Diagnostics.Process.Start("rm", ["-rf", "--", Path]);
            rm.WaitForExit();
        }
    }
}
