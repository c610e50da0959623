using MlPipeline.Core.Imaging;
using MlPipeline.Core.IO;

namespace MlPipeline.Core.Dataset;

/// <summary>
/// Lists the visible image files below a root so that no real folder is visited twice and no real file is
/// listed twice, whatever symbolic links the tree holds.
/// </summary>
/// <remarks>
/// Symlink policy: every real (non-link) entry is walked first. Then each symbolic link, to a file or a folder,
/// is followed only if its final target lies inside the root and has not been listed already; a link that
/// loops, dangles, leaves the root, or leads somewhere already listed is skipped and reported. Identity is the
/// real path (realpath semantics), so two names for one file count once, under the name met first.
/// Image-named entries that are not regular files (FIFOs, sockets, devices) are skipped and reported before anything
/// opens them, and so are folders whose names are not UTF-8 (the runtime cannot open them by the name it lists).
/// </remarks>
public sealed class FolderWalker
{
    private readonly string _root;
    private readonly string _rootReal;
    private readonly HashSet<string> _seenFolders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenFiles = new(StringComparer.Ordinal);
    private readonly Queue<(string LinkPath, string Owner, bool Recursive)> _links = new();
    private readonly List<WalkedFile> _files = [];
    private readonly List<ScanIssue> _issues = [];

    /// <summary>Starts a walk under <paramref name="root"/>, which must exist.</summary>
    public FolderWalker(string root)
    {
        _root = Path.GetFullPath(root);
        _rootReal = RealPath.Resolve(_root) ?? _root;
    }

    /// <summary>Image files found so far, each with the owner of the folder it was found under.</summary>
    public IReadOnlyList<WalkedFile> Files => _files;

    /// <summary>Links skipped, and why.</summary>
    public IReadOnlyList<ScanIssue> Issues => _issues;

    /// <summary>Walks the real entries of <paramref name="folder"/> (itself a real folder); links wait for <see cref="FollowLinks"/>.</summary>
    /// <param name="folder">A folder below the root, or the root itself.</param>
    /// <param name="owner">What its files belong to (a class name); handed back with each file.</param>
    /// <param name="recursive">Whether subfolders are walked too.</param>
    public void Walk(DirectoryInfo folder, string owner, bool recursive)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!_seenFolders.Add(Path.Combine(RealParent(folder.FullName), folder.Name)))
        {
            return;
        }

        foreach (var entry in folder.EnumerateFileSystemInfos().Where(e => !IsHidden(e)).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is not null)
            {
                _links.Enqueue((entry.FullName, owner, recursive));
            }
            else if (entry is FileInfo file)
            {
                AddFile(file.FullName, Path.Combine(RealParent(file.FullName), file.Name), owner);
            }
            else if (recursive && entry is DirectoryInfo sub && !SkipUndecodable(sub))
            {
                Walk(sub, owner, recursive);
            }
        }
    }

    /// <summary>Queues a symbolic link (such as a symlinked class folder) for <see cref="FollowLinks"/>.</summary>
    public void AddLink(string linkPath, string owner) => _links.Enqueue((linkPath, owner, true));

    /// <summary>
    /// Follows the deferred links (and any links found behind them), skipping and reporting those outside the
    /// root, looping, dangling, or leading to what was already listed.
    /// </summary>
    public void FollowLinks()
    {
        while (_links.TryDequeue(out var link))
        {
            var shown = DatasetScanner.RelativeTo(_root, link.LinkPath);
            var target = RealPath.Resolve(link.LinkPath);
            if (target is null)
            {
                Skip(shown, "symlink loop");
            }
            else if (!RealPath.IsInside(target, _rootReal))
            {
                Skip(shown, target == _rootReal || RealPath.IsInside(_rootReal, target) ? "symlink loop" : "symlink leads outside the dataset");
            }
            else if (File.Exists(target))
            {
                if (ImageFileTypes.IsImage(link.LinkPath) && !AddFile(link.LinkPath, target, link.Owner))
                {
                    Skip(shown, $"symlink to a file already listed ({DatasetScanner.RelativeTo(_rootReal, target)})");
                }
            }
            else if (!Directory.Exists(target))
            {
                Skip(shown, "dangling symlink");
            }
            else if (!link.Recursive)
            {
                continue;
            }
            else if (_seenFolders.Contains(target) || _seenFolders.Any(f => RealPath.IsInside(f, target)))
            {
                Skip(shown, $"symlink to a folder already listed ({DatasetScanner.RelativeTo(_rootReal, target)})");
            }
            else
            {
                WalkLinked(new DirectoryInfo(link.LinkPath), target, link.Owner);
            }
        }
    }

    // Walks a linked folder under its link's name, with identities from its real location.
    private void WalkLinked(DirectoryInfo folder, string real, string owner)
    {
        _seenFolders.Add(real);
        foreach (var entry in folder.EnumerateFileSystemInfos().Where(e => !IsHidden(e)).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var entryReal = Path.Combine(real, entry.Name);
            if (entry.LinkTarget is not null)
            {
                _links.Enqueue((entry.FullName, owner, true));
            }
            else if (entry is FileInfo file)
            {
                AddFile(file.FullName, entryReal, owner);
            }
            else if (entry is DirectoryInfo sub && !_seenFolders.Contains(entryReal) && !SkipUndecodable(sub))
            {
                WalkLinked(sub, entryReal, owner);
            }
        }
    }

    private bool AddFile(string path, string real, string owner)
    {
        if (!ImageFileTypes.IsImage(path))
        {
            return true;
        }

        if (!FileKinds.IsOpenable(real))
        {
            Skip(DatasetScanner.RelativeTo(_root, path), FileKinds.NotRegularReason);
            return true;
        }

        if (!_seenFiles.Add(real))
        {
            return false;
        }

        _files.Add(new WalkedFile(path, DatasetScanner.RelativeTo(_root, path), owner));
        return true;
    }

    private void Skip(string shown, string reason) => _issues.Add(new ScanIssue(shown, reason));

    private bool SkipUndecodable(DirectoryInfo folder)
    {
        if (!FileNames.IsUndecodable(folder.FullName))
        {
            return false;
        }

        Skip(DatasetScanner.RelativeTo(_root, folder.FullName), FileNames.UndecodableFolderReason);
        return true;
    }

    // Entries walked from a real folder share its real parent; resolving once per folder keeps the walk cheap.
    private string RealParent(string path)
    {
        var parent = Path.GetDirectoryName(path)!;
        return parent == _root ? _rootReal : RealPath.Resolve(parent) ?? parent;
    }

    // Dot-files are hidden on Unix; the Hidden attribute covers Windows and macOS metadata folders. A name that is
    // not UTF-8 cannot be stat'ed back, and .NET then reports every attribute (-1): such a file is not hidden.
    internal static bool IsHidden(FileSystemInfo info) =>
        info.Name.StartsWith('.') || (info.Attributes != (FileAttributes)(-1) && info.Attributes.HasFlag(FileAttributes.Hidden));
}

/// <summary>An image file found by <see cref="FolderWalker"/>.</summary>
/// <param name="Path">Absolute path as reached (through a link when it was followed).</param>
/// <param name="RelativePath">Relative to the walk's root, '/' separators.</param>
/// <param name="Owner">The owner passed to <see cref="FolderWalker.Walk"/> (a class name).</param>
public sealed record WalkedFile(string Path, string RelativePath, string Owner);
