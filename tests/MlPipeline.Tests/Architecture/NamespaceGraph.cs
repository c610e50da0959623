using System.Text.RegularExpressions;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// Which namespaces of MlPipeline.Core each namespace's source files refer to. Every namespace is a node of its
/// own, a child as much as its parent. A reference is a using or alias directive, or a type that the
/// <see cref="TypeIndex"/> knows, named the ways C# resolves it: plainly from the file's own namespace or any
/// namespace above it (which needs no using), through the file's usings, partly qualified from an enclosing
/// namespace (<c>Graphs.UnfreezeMode</c> in Training), or fully qualified; doc references included.
/// </summary>
internal static partial class NamespaceGraph
{
    /// <summary>The root namespace's own types (ExitCode, MlPipelineException, IRunResult) form this node.</summary>
    public const string Root = "(root)";

    private const string Prefix = "MlPipeline.Core";

    /// <summary>
    /// Maps each namespace to the other namespaces its files refer to, from files given by path and text (.cs and
    /// .proto): <see cref="SourcesIn"/> reads Core's, a test can plant its own.
    /// </summary>
    public static Dictionary<string, SortedSet<string>> Read(IReadOnlyDictionary<string, string> files)
    {
        var references = References(files).ToList();
        return files.Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal))
            .Select(f => NodeOf(CoreSource.Parse(f.Key, f.Value).Namespace))
            .Distinct()
            .ToDictionary(
                n => n,
                n => new SortedSet<string>(references.Where(r => r.From == n).Select(r => r.To), StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>Every reference from one namespace to another, with the file and the name that makes it.</summary>
    public static IEnumerable<NamespaceReference> References(IReadOnlyDictionary<string, string> files)
    {
        var sources = files.Where(f => f.Key.EndsWith(".cs", StringComparison.Ordinal))
            .Select(f => (File: f.Key, Source: CoreSource.Parse(f.Key, f.Value)))
            .ToList();
        var index = new TypeIndex(sources.Select(s => s.Source), files.Where(f => f.Key.EndsWith(".proto", StringComparison.Ordinal)).Select(f => f.Value));
        foreach (var (file, source) in sources)
        {
            var from = NodeOf(source.Namespace);
            var directives = source.Usings.Concat(source.Aliases.Values).Select(u => (Name: u, To: Within(index, "", Split(u), directive: true)));
            var names = Chain().Matches(source.Code).Select(c => (Name: c.Value, To: Resolve(index, source, Split(c.Value))));
            foreach (var (name, to) in directives.Concat(names))
            {
                if (to is not null && NodeOf(to) != from)
                {
                    yield return new NamespaceReference(from, NodeOf(to), file, name);
                }
            }
        }
    }

    /// <summary>The Core folder's .cs and .proto files by path, build output left out.</summary>
    public static Dictionary<string, string> SourcesIn(string coreDirectory) =>
        Directory.EnumerateFiles(coreDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".proto", StringComparison.Ordinal))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(coreDirectory, f)))
            .ToDictionary(f => Path.GetRelativePath(coreDirectory, f), File.ReadAllText);

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

    /// <summary>
    /// The namespace a name starting a dotted chain refers to, in C#'s order: each enclosing namespace from the
    /// file's own outwards (a type it declares, or a namespace inside it that the rest of the chain walks into),
    /// then the file's aliases and usings.
    /// </summary>
    private static string? Resolve(TypeIndex index, CoreSource source, string[] chain)
    {
        for (var scope = source.Namespace; ; scope = Parent(scope))
        {
            if (index.Declares(scope, chain[0]))
            {
                return scope;
            }

            if (index.IsNamespace(Join(scope, chain[0])))
            {
                return Within(index, Join(scope, chain[0]), chain[1..]);
            }

            if (scope.Length == 0)
            {
                break;
            }
        }

        return source.Aliases.TryGetValue(chain[0], out var target)
            ? Within(index, "", [.. Split(target), .. chain[1..]])
            : source.Usings.FirstOrDefault(u => index.Declares(u, chain[0]));
    }

    /// <summary>
    /// Walks a chain down from a namespace to the one that declares the type it names; a directive may also name
    /// the namespace itself. Null when the chain leaves Core's namespaces first (a member of something else).
    /// </summary>
    private static string? Within(TypeIndex index, string ns, IEnumerable<string> rest, bool directive = false)
    {
        foreach (var part in rest)
        {
            if (index.Declares(ns, part))
            {
                return ns;
            }

            if (!index.IsNamespace(Join(ns, part)))
            {
                return null;
            }

            ns = Join(ns, part);
        }

        return directive && index.DeclaresTypes(ns) ? ns : null;
    }

    private static string Parent(string ns) => ns.Contains('.', StringComparison.Ordinal) ? ns[..ns.LastIndexOf('.')] : "";

    private static string Join(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

    private static string[] Split(string chain) =>
        [.. chain.Replace("global::", "", StringComparison.Ordinal).Split('.').Select(p => p.Trim())];

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relativePath.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string NodeOf(string ns) =>
        ns == Prefix ? Root
        : ns.StartsWith(Prefix + ".", StringComparison.Ordinal) ? ns[(Prefix.Length + 1)..]
        : throw new InvalidOperationException($"Namespace {ns} is outside {Prefix}.");

    /// <summary>A dotted name that does not follow a dot (a member access on something else).</summary>
    [GeneratedRegex(@"(?<![\w.:])(?:global::)?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*")]
    private static partial Regex Chain();
}
