using System.Text.RegularExpressions;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// Which top-level areas of MlPipeline.Core (Dataset, Pipeline, ...) each area's source files refer to: through
/// usings, aliases or fully qualified names, XML doc references included. Child namespaces count as their area.
/// </summary>
internal static partial class NamespaceGraph
{
    /// <summary>The root namespace's own types (ExitCode, MlPipelineException, IRunResult) form this area.</summary>
    public const string Root = "(root)";

    private const string Prefix = "MlPipeline.Core";

    /// <summary>Maps each area to the other areas its files refer to.</summary>
    public static Dictionary<string, SortedSet<string>> Read(string coreDirectory)
    {
        var files = Directory.EnumerateFiles(coreDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(coreDirectory, f)))
            .ToList();
        var areas = files.Select(f => AreaOf(NamespaceOf(f))).ToHashSet(StringComparer.Ordinal);
        var graph = areas.ToDictionary(a => a, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var file in files)
        {
            var from = AreaOf(NamespaceOf(file));
            var body = string.Join('\n', File.ReadLines(file).Where(l => !l.StartsWith("namespace ", StringComparison.Ordinal)));
            foreach (Match reference in Reference().Matches(body))
            {
                var name = reference.Groups[1].Value;
                var to = areas.Contains(name) ? name : Root;
                if (to != from)
                {
                    graph[from].Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>One cycle of the graph as a path that ends where it starts, or null when there is none.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            var onPath = path.IndexOf(node);
            if (onPath >= 0)
            {
                return [.. path[onPath..], node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relativePath.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string NamespaceOf(string file) =>
        File.ReadLines(file).Select(l => FileNamespace().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value
        ?? throw new InvalidOperationException($"{file} has no file-scoped namespace.");

    private static string AreaOf(string ns) =>
        ns == Prefix ? Root
        : ns.StartsWith(Prefix + ".", StringComparison.Ordinal) ? ns[(Prefix.Length + 1)..].Split('.')[0]
        : throw new InvalidOperationException($"Namespace {ns} is outside {Prefix}.");

    [GeneratedRegex(@"^namespace ([\w.]+);")]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"\bMlPipeline\.Core\.(\w+)")]
    private static partial Regex Reference();
}
