using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MlPipeline.Core.Imaging;
using MlPipeline.Core.Reporting;

namespace MlPipeline.Core.Dataset.Health;

/// <summary>
/// The <c>doctor</c> job: decodes (in parallel) and hashes every image of a dataset, without any backbone, and reports
/// what would make training wrong or wasteful.
/// </summary>
public sealed class DatasetDoctor(IRunObserver observer)
{
    /// <summary>Images whose shorter side is below this many pixels are reported as tiny (the backbone sees 224).</summary>
    public const int TinySide = 32;

    /// <summary>Images whose long side exceeds this many times the short side are reported (the resize squashes them).</summary>
    public const double ExtremeAspectRatio = 4;

    /// <summary>Largest class over smallest above this is reported as imbalanced.</summary>
    public const double ImbalanceWarning = 10;

    /// <summary>Runs the checks.</summary>
    /// <exception cref="MlPipelineException">Bad options (exit 2) or a missing folder.</exception>
    public Task<DoctorReport> RunAsync(DoctorOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dataset = options.Data.Load();
        return Task.Run(() => Check(dataset, options, ct), CancellationToken.None);
    }

    private DoctorReport Check(LabeledDataset dataset, DoctorOptions options, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var probes = Probe(dataset.Images, ct);
        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);

        var readable = dataset.Images.Select((image, i) => (Image: image, Probe: probes[i].Probe)).Where(p => p.Probe is not null).Select(p => (p.Image, Probe: p.Probe!)).ToList();
        var unreadable = dataset.Images.Select((image, i) => (image, probes[i].Error)).Where(p => p.Error is not null)
            .Select(p => new FileFinding(p.image.RelativePath, p.Error!)).ToList();
        var partition = TrainingSplit.Create(readable, r => r.Image, r => r.Probe.ContentSha256, options.ValidationFraction, options.Seed);
        var duplicates = partition.Duplicates;
        var copies = readable.GroupBy(r => r.Probe.ContentSha256, StringComparer.Ordinal)
            .Where(g => g.Count() > 1 && g.Select(r => r.Image.Label).Distinct(StringComparer.Ordinal).Count() == 1)
            .Select(g => new DuplicateSet(g.First().Image.Label, [.. g.Select(r => r.Image.RelativePath)]))
            .OrderBy(d => d.Paths[0], StringComparer.Ordinal).ToList();

        var validation = partition.Split.Validation.Select(r => r.Image.RelativePath).ToHashSet(StringComparer.Ordinal);
        var near = NearDuplicates(readable, validation, ct);

        var classes = dataset.Classes.Select(c => new ClassCount(
            c,
            dataset.Images.Count(i => i.Label == c),
            readable.Count(r => r.Image.Label == c))).ToList();
        var nonEmpty = classes.Where(c => c.Readable > 0).Select(c => c.Readable).ToList();
        var imbalance = nonEmpty.Count > 0 ? (double)nonEmpty.Max() / nonEmpty.Min() : 0;

        var tiny = readable.Where(r => Math.Min(r.Probe.Width, r.Probe.Height) < TinySide)
            .Select(r => new FileFinding(r.Image.RelativePath, $"{r.Probe.Width}x{r.Probe.Height}")).ToList();
        var aspect = readable.Where(r => (double)Math.Max(r.Probe.Width, r.Probe.Height) / Math.Max(1, Math.Min(r.Probe.Width, r.Probe.Height)) > ExtremeAspectRatio)
            .Select(r => new FileFinding(r.Image.RelativePath, $"{r.Probe.Width}x{r.Probe.Height}")).ToList();
        var mismatched = readable.Where(r => ImageFormat.Supported.TryGetValue(r.Probe.Format, out var extensions)
                && !extensions.Contains(Path.GetExtension(r.Image.RelativePath), StringComparer.OrdinalIgnoreCase))
            .Select(r => new FileFinding(r.Image.RelativePath, $"{Path.GetExtension(r.Image.RelativePath)} file holds {r.Probe.Format}")).ToList();
        var nonUtf8 = unreadable.Where(u => u.Detail == FileNames.UndecodableReason).Select(u => u.Path).ToList();

        List<string> problems = [.. DatasetValidation.LayoutRefusals(dataset), .. DatasetValidation.ContentRefusals(dataset, duplicates.Kept.Select(r => r.Image.Label))];
        var warnings = Warnings(imbalance, unreadable, copies, duplicates.Conflicts, near, tiny, aspect, mismatched, dataset);
        var exit = problems.Count > 0 ? ExitCode.DataError : warnings.Count > 0 ? ExitCode.SomeInputsFailed : ExitCode.Success;
        return new DoctorReport(
            dataset.Root, dataset.Images.Count, classes, imbalance, problems, warnings, unreadable, copies, duplicates.Conflicts, near,
            tiny, aspect, mismatched, dataset.SkippedEntries, nonUtf8, dataset.ClassNameCollisions, dataset.Images.Count / seconds, exit);
    }

    private (ProbedImage? Probe, string? Error)[] Probe(IReadOnlyList<LabeledImage> images, CancellationToken ct)
    {
        var results = new (ProbedImage?, string?)[images.Count];
        if (images.Count == 0)
        {
            // Partitioner refuses an empty range; there is nothing to check, and the layout refusals say why.
            return results;
        }

        observer.Track("Checking", images.Count, advance =>
        {
            Parallel.ForEach(
                Partitioner.Create(0, images.Count, 16),
                new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
                range =>
                {
                    for (var i = range.Item1; i < range.Item2; i++)
                    {
                        try
                        {
                            results[i] = (ImageProbe.Probe(images[i].Path), null);
                        }
                        catch (ImageReadException e)
                        {
                            results[i] = (null, e.Reason);
                        }
                    }

                    advance(range.Item2 - range.Item1);
                });
            return 0;
        });
        return results;
    }

    // All pairs: 64-bit XOR and popcount is a few nanoseconds, and only the few pairs with close hashes go on to the
    // thumbnail and colour, so 10,000 images cost well under a second.
    private static List<NearDuplicatePair> NearDuplicates(List<(LabeledImage Image, ProbedImage Probe)> readable, HashSet<string> validation, CancellationToken ct)
    {
        var pairs = new List<NearDuplicatePair>();
        for (var i = 0; i < readable.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            for (var j = i + 1; j < readable.Count; j++)
            {
                var (a, b) = (readable[i], readable[j]);
                if (!a.Probe.Signature.IsNearCopyOf(b.Probe.Signature) || a.Probe.ContentSha256 == b.Probe.ContentSha256)
                {
                    continue;
                }

                var sameClass = a.Image.Label == b.Image.Label;
                var crosses = sameClass && validation.Contains(a.Image.RelativePath) != validation.Contains(b.Image.RelativePath);
                pairs.Add(new NearDuplicatePair(a.Image.RelativePath, b.Image.RelativePath, a.Probe.Signature.Distance(b.Probe.Signature), sameClass, crosses));
            }
        }

        return pairs;
    }

    private static List<string> Warnings(
        double imbalance,
        List<FileFinding> unreadable,
        List<DuplicateSet> copies,
        IReadOnlyList<LabelConflict> conflicts,
        List<NearDuplicatePair> near,
        List<FileFinding> tiny,
        List<FileFinding> aspect,
        List<FileFinding> mismatched,
        LabeledDataset dataset)
    {
        var warnings = new List<string>();
        void Add(int count, string what)
        {
            if (count > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
            }
        }

        if (imbalance > ImbalanceWarning)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"classes are imbalanced: the largest has {imbalance:F1} times the images of the smallest"));
        }

        Add(unreadable.Count, "unreadable file(s), skipped by train");
        Add(copies.Sum(c => c.Paths.Count - 1), "exact duplicate copy(ies) within a class");
        Add(conflicts.Count, "label conflict(s): the same bytes under two classes, left out by train");
        Add(near.Count(p => p.CrossesSplit), "near-duplicate pair(s) that train's split puts on both sides");
        Add(near.Count(p => !p.SameClass), "near-duplicate pair(s) across classes");
        Add(near.Count(p => p.SameClass && !p.CrossesSplit), "other near-duplicate pair(s) within a class");
        Add(tiny.Count, $"tiny image(s) (shorter side under {TinySide} px)");
        Add(aspect.Count, $"image(s) with an aspect ratio beyond {ExtremeAspectRatio}:1");
        Add(mismatched.Count, "file(s) whose extension does not match their content");
        Add(dataset.SkippedEntries.Count, "entr(ies) skipped: symlinks not followed, non-regular files, folders whose names are not UTF-8, label-file rows listing an image again");
        return warnings;
    }
}
