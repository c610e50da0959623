namespace MlPipeline.Core.Imaging;

/// <summary>File names the runtime cannot represent.</summary>
/// <remarks>
/// .NET decodes Unix file names as UTF-8 and puts U+FFFD in place of invalid bytes; the resulting name no longer
/// opens the file. Such files are kept in every listing, shown with U+FFFD where the bytes were, and reported as
/// unreadable with <see cref="UndecodableReason"/>, so that counts still add up.
/// </remarks>
public static class FileNames
{
    /// <summary>The reason given for a file whose name is not valid UTF-8.</summary>
    public const string UndecodableReason = "file name is not valid UTF-8 (invalid bytes shown as U+FFFD)";

    /// <summary>The reason given for a folder whose name is not valid UTF-8: its files cannot be listed.</summary>
    public const string UndecodableFolderReason = "folder name is not valid UTF-8 (invalid bytes shown as U+FFFD); its files were not read";

    /// <summary>Whether <paramref name="path"/> is a listed name that cannot be opened because its bytes were not UTF-8.</summary>
    public static bool IsUndecodable(string path) =>
        path.Contains('\uFFFD', StringComparison.Ordinal) && !File.Exists(path) && !Directory.Exists(path);
}
