namespace MlPipeline.Core.Dataset.Health;

/// <summary>Images of one class, readable or not.</summary>
public sealed record ClassCount(string Name, int Files, int Readable);

/// <summary>One file with something to say about it.</summary>
public sealed record FileFinding(string Path, string Detail);

/// <summary>Byte-identical copies inside one class; train keeps them on one side of its split.</summary>
public sealed record DuplicateSet(string Class, IReadOnlyList<string> Paths);

/// <summary>Two different files whose pictures look alike (see <see cref="Imaging.PictureSignature.IsNearCopyOf"/>).</summary>
/// <param name="A">One file.</param>
/// <param name="B">The other.</param>
/// <param name="Distance">Differing bits of the two 64-bit hashes.</param>
/// <param name="SameClass">Both in one class (else: a likely label conflict).</param>
/// <param name="CrossesSplit">Same class, one in train's training part and one in its validation part: a leak.</param>
public sealed record NearDuplicatePair(string A, string B, int Distance, bool SameClass, bool CrossesSplit);

/// <summary>Everything <c>doctor</c> found. Its exit code: 0 clean, 8 warnings only, 3 when train would refuse the data.</summary>
public sealed record DoctorReport(
    string Root,
    int Files,
    IReadOnlyList<ClassCount> Classes,
    double ImbalanceRatio,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<FileFinding> Unreadable,
    IReadOnlyList<DuplicateSet> DuplicatesWithinClass,
    IReadOnlyList<LabelConflict> LabelConflicts,
    IReadOnlyList<NearDuplicatePair> NearDuplicates,
    IReadOnlyList<FileFinding> TinyImages,
    IReadOnlyList<FileFinding> ExtremeAspectRatios,
    IReadOnlyList<FileFinding> ExtensionMismatches,
    IReadOnlyList<ScanIssue> SkippedEntries,
    IReadOnlyList<string> NonUtf8Names,
    IReadOnlyList<IReadOnlyList<string>> ClassNameCollisions,
    double ImagesPerSecond,
    ExitCode ExitCode) : IRunResult;
