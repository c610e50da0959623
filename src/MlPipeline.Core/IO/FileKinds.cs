using System.Runtime.InteropServices;
using System.Text;

namespace MlPipeline.Core.IO;

/// <summary>Whether a path is a regular file, told from lstat(2) without opening it.</summary>
/// <remarks>
/// Opening a named pipe for reading blocks until a writer comes, and no cancellation token reaches a blocked open(2),
/// so FIFOs, sockets and device nodes named like images must be recognized before anything opens them. .NET exposes
/// no file type beyond directory and link, hence the call; its buffer is read only at the mode field.
/// </remarks>
public static class FileKinds
{
    /// <summary>The reason given for an entry that is not a regular file.</summary>
    public const string NotRegularReason = "not a regular file";

    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int LinkType = 0xA000;

    /// <summary>
    /// False only for something that exists and is neither a regular file, a directory nor a symbolic link (a FIFO,
    /// a socket, a device); true where the type cannot be told (Windows, an unknown platform, a failed call).
    /// </summary>
    public static bool IsOpenable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var mode = Mode(path);
        return mode is null or RegularType or DirectoryType or LinkType;
    }

    /// <summary>Like <see cref="IsOpenable"/>, with links followed: a link to a FIFO is not openable either.</summary>
    public static bool IsOpenableTarget(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        return IsOpenable(target);
    }

    private static int? Mode(string path)
    {
        var offset = ModeOffset();
        if (offset is null)
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (LStat(Encoding.UTF8.GetBytes(path + '\0'), buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        var mode = offset == MacModeOffset ? BitConverter.ToUInt16(buffer, offset.Value) : (int)BitConverter.ToUInt32(buffer, offset.Value);
        return mode & TypeMask;
    }

    private const int MacModeOffset = 4;

    // st_mode's place in struct stat: after st_dev, st_ino and st_nlink on x86-64 Linux; after st_dev and st_ino on
    // the generic layout of arm64 Linux; after a 32-bit st_dev on macOS.
    private static int? ModeOffset() => (OperatingSystem.IsLinux(), OperatingSystem.IsMacOS(), RuntimeInformation.ProcessArchitecture) switch
    {
        (true, _, Architecture.X64) => 24,
        (true, _, Architecture.Arm64) => 16,
        (_, true, _) => MacModeOffset,
        _ => null,
    };

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LStat(byte[] path, byte[] buffer);
}
