namespace MlPipeline.Core.Dataset;

/// <summary>An entry the scan left out: a symlink it does not follow, something that is not a regular file, a folder whose name is not UTF-8.</summary>
/// <param name="RelativePath">Relative to the scanned folder, '/' separators.</param>
/// <param name="Reason">Why, in a few words.</param>
public sealed record ScanIssue(string RelativePath, string Reason);
