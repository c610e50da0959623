using System.Diagnostics;

namespace MlPipeline.Core.IO;

/// <summary>Tells files left by a process that has gone from those of one still running, by the PID in their names.</summary>
internal static class LiveProcesses
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
