namespace MlPipeline.Core.Dataset;

/// <summary>A dataset already split into folders (fastai's <c>from_folder(train='train', valid='valid')</c> layout).</summary>
/// <param name="Root">The folder holding the splits.</param>
/// <param name="Train">The training split, one subfolder per class.</param>
/// <param name="Validation">The validation split (valid/, validation/ or val/), or null when there is none.</param>
/// <param name="Test">The test split, never trained on, or null.</param>
public sealed record SplitRoot(string Root, string Train, string? Validation, string? Test)
{
    private static readonly string[] ValidationNames = ["valid", "validation", "val"];
    private const string TrainName = "train";
    private const string TestName = "test";

    /// <summary>
    /// Reads a folder whose top-level folders are split names holding class folders; null when none is.
    /// </summary>
    /// <exception cref="MlPipelineException">
    /// Split folders mixed with other folders, several validation folders, no train folder, a validation folder
    /// without class folders, or train and validation folders with different classes (exit 3): never trained as classes.
    /// </exception>
    public static SplitRoot? Detect(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var top = new DirectoryInfo(root).EnumerateDirectories().Where(d => !FolderWalker.IsHidden(d)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var splits = top.Where(d => IsSplitName(d.Name) && ClassFolders(d).Count > 0).ToList();
        if (splits.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", splits.Select(d => d.Name + "/"));
        var others = top.Where(d => !IsSplitName(d.Name)).ToList();
        if (others.Count > 0)
        {
            Refuse($"{root} mixes split folders ({named}) with other folders ({string.Join(", ", others.Take(3).Select(d => d.Name + "/"))}); pass --data {Path.Combine(root, splits[0].Name)}, or a folder of class folders only.");
        }

        var train = top.Where(d => d.Name.Equals(TrainName, StringComparison.OrdinalIgnoreCase)).ToList();
        var validation = top.Where(d => ValidationNames.Contains(d.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var test = top.FirstOrDefault(d => d.Name.Equals(TestName, StringComparison.OrdinalIgnoreCase));
        if (train.Count != 1 || ClassFolders(train[0]).Count == 0)
        {
            Refuse($"{root} holds the split folders {named} but no train/ folder of class folders; pass the folder to train on as --data (and a validation folder as --validation-data).");
        }

        if (validation.Count > 1)
        {
            Refuse($"{root} holds several validation folders ({string.Join(", ", validation.Select(d => d.Name + "/"))}); keep one, or pass --data {train[0].FullName} --validation-data with the one to use.");
        }

        if (validation.Count == 1)
        {
            var trainClasses = ClassFolders(train[0]);
            var validationClasses = ClassFolders(validation[0]);
            if (validationClasses.Count == 0)
            {
                Refuse($"{validation[0].FullName} holds no class folders; put its images in one subfolder per class, as in {train[0].Name}/.");
            }

            if (!trainClasses.SetEquals(validationClasses))
            {
                Refuse($"{train[0].Name}/ and {validation[0].Name}/ in {root} hold different classes (only in {train[0].Name}/: {Names(trainClasses.Except(validationClasses))}; only in {validation[0].Name}/: {Names(validationClasses.Except(trainClasses))}).");
            }
        }

        return new SplitRoot(Path.GetFullPath(root), train[0].FullName, validation.SingleOrDefault()?.FullName, test?.FullName);
    }

    /// <summary>The one-line refusal for a command that takes one split (evaluate on test/, doctor on train/), not a split root.</summary>
    public string OneSplitWanted() =>
        $"{Root} holds the splits {string.Join(", ", new[] { Train, Validation, Test }.OfType<string>().Select(p => Path.GetFileName(p) + "/"))}, not classes; "
        + $"pass one of them as --data, such as {Test ?? Validation ?? Train} (train reads a split root itself).";

    private static bool IsSplitName(string name) =>
        name.Equals(TrainName, StringComparison.OrdinalIgnoreCase)
        || name.Equals(TestName, StringComparison.OrdinalIgnoreCase)
        || ValidationNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static HashSet<string> ClassFolders(DirectoryInfo split) =>
        split.EnumerateDirectories().Where(d => !FolderWalker.IsHidden(d)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : "none";

    private static void Refuse(string message) => throw new MlPipelineException(ExitCode.DataError, message);
}
