using System.Text.RegularExpressions;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// One Core source file as the layer check sees it: its namespace, its using directives, and the code that can
/// name a type. Comments and string literals are blanked so that prose and messages never count as references;
/// what a doc comment's <c>cref</c> names, and the holes of an interpolated string, stay because the compiler
/// resolves them.
/// </summary>
internal sealed partial record CoreSource(string Namespace, IReadOnlyList<string> Usings, IReadOnlyDictionary<string, string> Aliases, string Code)
{
    public static CoreSource Parse(string path, string text)
    {
        var code = CommentOrLiteral().Replace(text, KeepWhatNamesTypes);
        var ns = FileNamespace().Match(code) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"{path} has no file-scoped namespace.");
        var usings = new List<string>();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match directive in UsingDirective().Matches(code))
        {
            var target = Unspaced(directive.Groups["target"].Value);
            if (directive.Groups["alias"].Success)
            {
                aliases[directive.Groups["alias"].Value] = target;
            }
            else
            {
                usings.Add(target);
            }
        }

        return new CoreSource(ns, usings, aliases, UsingDirective().Replace(FileNamespace().Replace(code, " "), " "));
    }

    private static string KeepWhatNamesTypes(Match m)
    {
        var text = m.Value;
        if (text.StartsWith("///", StringComparison.Ordinal))
        {
            return " " + string.Join(' ', Cref().Matches(text).Select(c => c.Groups[1].Value.Replace('{', '<').Replace('}', '>'))) + " ";
        }

        return text.TrimStart('@').StartsWith('$')
            ? " " + string.Join(' ', InterpolationHole().Matches(text).Select(h => h.Groups[1].Value)) + " "
            : " ";
    }

    private static string Unspaced(string name) => string.Concat(name.Where(c => !char.IsWhiteSpace(c))).Replace("global::", "", StringComparison.Ordinal);

    [GeneratedRegex(@"///[^\n]*|//[^\n]*|/\*[\s\S]*?\*/|\$*""""""[\s\S]*?""""""|\$?@\$?""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)+'")]
    private static partial Regex CommentOrLiteral();

    [GeneratedRegex(@"cref=""(?:\w:)?([^""]*)""")]
    private static partial Regex Cref();

    [GeneratedRegex(@"(?<!\{)\{([^{}]+)\}")]
    private static partial Regex InterpolationHole();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:(?<alias>\w+)\s*=\s*)?(?<target>[\w.:\s]+?)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
