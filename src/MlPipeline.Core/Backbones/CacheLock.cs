namespace MlPipeline.Core.Backbones;

/// <summary>A cross-process lock on a file, held while the returned handle is open.</summary>
internal static class CacheLock
{
    public static async Task<IDisposable> AcquireAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(250, ct);
            }
        }
    }
}
