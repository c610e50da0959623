using System.Globalization;

namespace MlPipeline.ImageGen;

/// <summary>The command line, parsed by hand: a handful of <c>--name value</c> pairs.</summary>
internal sealed record GeneratorOptions(string OutputDirectory, SyntheticDatasetSpec Spec)
{
    public const string Usage =
        "usage: MlPipeline.ImageGen --output DIR [--classes circle,square,triangle] [--per-class N] "
        + "[--seed S] [--min-size PX] [--max-size PX] [--formats jpg,png]";

    /// <exception cref="ArgumentException">An option is unknown, repeated, missing its value or malformed, or --output is absent.</exception>
    public static GeneratorOptions Parse(IReadOnlyList<string> args)
    {
        string? output = null;
        var spec = new SyntheticDatasetSpec();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i += 2)
        {
            string name = args[i];
            if (!seen.Add(name))
            {
                throw new ArgumentException($"{name} given twice");
            }

            string value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--output":
                    output = value;
                    break;
                case "--classes":
                    spec = spec with { ClassNames = List(value) };
                    break;
                case "--per-class":
                    spec = spec with { ImagesPerClass = Integer(name, value) };
                    break;
                case "--seed":
                    spec = spec with { Seed = Integer(name, value) };
                    break;
                case "--min-size":
                    spec = spec with { MinSide = Integer(name, value) };
                    break;
                case "--max-size":
                    spec = spec with { MaxSide = Integer(name, value) };
                    break;
                case "--formats":
                    spec = spec with { Formats = [.. List(value).Select(ImageFileFormats.Parse)] };
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'; {Usage}");
            }
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            throw new ArgumentException($"--output is required; {Usage}");
        }

        return new GeneratorOptions(output, spec);
    }

    private static string[] List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new ArgumentException($"{name} expects an integer, got '{value}'");
}
