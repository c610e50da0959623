using System.CommandLine;
using MlPipeline.Core;
using MlPipeline.Core.Backbones;

namespace MlPipeline.Cli;

/// <summary>Options that several verbs share. Factories, not shared instances: each command tree owns its options.</summary>
internal static class CommonOptions
{
    /// <summary>The model zip a verb reads; train's default output, so the verbs chain without arguments.</summary>
    public static Option<string> Model(string description = "Model zip written by train.") => new("--model", "-m")
    {
        Description = description,
        DefaultValueFactory = _ => Path.Combine("artifacts", "model.zip"),
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print results as JSON on stdout (progress and logs stay on stderr).",
    };

    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "No progress and no informational messages on stderr: warnings and errors only (results still go to stdout).",
    };

    public static Option<string> CacheDirectory() => new("--cache-dir")
    {
        Description = $"Where fetched and converted backbones and the scoring cache are kept (default: ${BackboneCache.EnvironmentVariable} or ~/.cache/mlpipeline).",
        DefaultValueFactory = _ => BackboneCache.DefaultDirectory(),
    };

    /// <summary>An option whose values are an enum's names in <see cref="EnumNames"/>' one spelling (u8, min-max, last-stage).</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue)
        where T : struct, Enum => new(name)
        {
            Description = description,
            HelpName = string.Join('|', EnumNames.Names<T>()),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                if (EnumNames.TryParse<T>(text, out var value))
                {
                    return value;
                }

                r.AddError($"{name}: '{text}' is not one of {string.Join(", ", EnumNames.Names<T>())}.");
                return defaultValue;
            },
        };

    /// <summary>
    /// Adds the check every floating option needs before any range check: NaN passes every comparison, and
    /// infinity is never a meaningful fraction or threshold.
    /// </summary>
    public static Option<T> Finite<T>(this Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T>() is double value && !double.IsFinite(value))
            {
                r.AddError($"{option.Name} must be a finite number, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }
}
