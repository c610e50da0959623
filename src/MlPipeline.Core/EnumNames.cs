using System.Text;

namespace MlPipeline.Core;

/// <summary>
/// The one spelling of a setting's values wherever users write or read them (options, manifests, logs): the member
/// name in kebab case, as <c>--unfreeze last-stage</c> has it (<c>LastStage</c> is <c>last-stage</c>, <c>U8</c> is
/// <c>u8</c>, <c>MinMax</c> is <c>min-max</c>).
/// </summary>
public static class EnumNames
{
    /// <summary>A value's name.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => Kebab(value.ToString());

    /// <summary>Every value's name, in declaration order.</summary>
    public static IReadOnlyList<string> Names<T>()
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(Name)];

    /// <summary>The value a name stands for; the member name in any case is accepted too, as earlier releases spelled it.</summary>
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Name(candidate) == text || string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Kebab(string member)
    {
        var name = new StringBuilder(member.Length + 4);
        for (var i = 0; i < member.Length; i++)
        {
            if (i > 0 && char.IsUpper(member[i]) && char.IsLower(member[i - 1]))
            {
                name.Append('-');
            }

            name.Append(char.ToLowerInvariant(member[i]));
        }

        return name.ToString();
    }
}
