using System.Globalization;

namespace MlPipeline.Core.Dataset;

/// <summary>The one line <c>train</c> prints about its data checks, pointing to <c>doctor</c> for the details.</summary>
public static class DataCheckSummary
{
    /// <summary>Whether any check found something worth a warning.</summary>
    public static bool HasFindings(LabeledDataset dataset, int unreadable, int duplicateCopies, IReadOnlyList<LabelConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(conflicts);
        return unreadable + duplicateCopies + conflicts.Count + dataset.SkippedEntries.Count > 0;
    }

    /// <summary>Counts of what the cheap checks found, and the doctor command that explains them.</summary>
    public static string Line(LabeledDataset dataset, int unreadable, int duplicateCopies, IReadOnlyList<LabelConflict> conflicts, string dataArgument)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(conflicts);
        var conflictFiles = conflicts.Sum(c => c.RelativePaths.Count);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Data checks: {unreadable} unreadable file(s) skipped, {duplicateCopies} duplicate copy(ies) kept on one side of the split, "
            + $"{conflictFiles} file(s) in {conflicts.Count} label conflict(s) left out, {dataset.SkippedEntries.Count} entr(ies) skipped (symlinks, non-regular files, undecodable folder names, repeated label-file rows). "
            + $"Details: mlpipeline doctor {dataArgument}");
    }
}
