using System.Text.RegularExpressions;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// The type names each Core namespace declares, read from the declarations themselves (and from the ONNX proto,
/// whose C# is generated into obj/), so a type can be recognised however it is named: plainly, through a using,
/// or partly qualified.
/// </summary>
internal sealed partial class TypeIndex
{
    private readonly Dictionary<string, HashSet<string>> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _namespacePrefixes = new(StringComparer.Ordinal);

    public TypeIndex(IEnumerable<CoreSource> sources, IEnumerable<string> protoFiles)
    {
        foreach (var source in sources)
        {
            Add(source.Namespace, Declaration().Matches(source.Code).Select(m => m.Groups["name"].Value));
        }

        foreach (var proto in protoFiles)
        {
            var ns = ProtoNamespace().Match(proto) is { Success: true } m
                ? m.Groups[1].Value
                : throw new InvalidOperationException("A .proto file without option csharp_namespace.");
            Add(ns, ProtoDeclaration().Matches(proto).Select(d => d.Groups[1].Value));
        }
    }

    public bool Declares(string ns, string typeName) => _types.TryGetValue(ns, out var names) && names.Contains(typeName);

    public bool DeclaresTypes(string ns) => _types.ContainsKey(ns);

    /// <summary>True for a namespace that declares types and for every namespace above it (MlPipeline, MlPipeline.Core).</summary>
    public bool IsNamespace(string ns) => _namespacePrefixes.Contains(ns);

    private void Add(string ns, IEnumerable<string> names)
    {
        if (!_types.TryGetValue(ns, out var set))
        {
            _types[ns] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.UnionWith(names);
        for (var prefix = ns; prefix.Length > 0; prefix = prefix.Contains('.', StringComparison.Ordinal) ? prefix[..prefix.LastIndexOf('.')] : "")
        {
            _namespacePrefixes.Add(prefix);
        }
    }

    [GeneratedRegex(@"\b(?:(?:class|struct|interface|enum|record(?:\s+(?:class|struct))?)\s+|delegate\s+[\w.<>\[\]?, ]+?\s+)(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"option\s+csharp_namespace\s*=\s*""([\w.]+)""")]
    private static partial Regex ProtoNamespace();

    [GeneratedRegex(@"^(?:message|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex ProtoDeclaration();
}
