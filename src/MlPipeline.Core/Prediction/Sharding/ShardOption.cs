using System.Globalization;

namespace MlPipeline.Core.Prediction.Sharding;

/// <summary>
/// Reads <c>--shard K/N</c>, or <c>--shard auto/N</c> with the index taken from the environment, so that batch
/// engines start the same command line on every worker: a Kubernetes Indexed Job sets
/// <see cref="KubernetesIndexVariable"/>, a Slurm array <see cref="SlurmIndexVariable"/>, and anything else (a CI
/// matrix) names its own variable with <c>--shard-index-env</c>.
/// </summary>
public static class ShardOption
{
    /// <summary>The zero-based completion index Kubernetes gives each pod of an Indexed Job.</summary>
    public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The array task id Slurm gives each task of <c>sbatch --array</c>.</summary>
    public const string SlurmIndexVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>The word that stands for "take the index from the environment".</summary>
    public const string Auto = "auto";

    /// <summary>Parses the options; null when neither is given.</summary>
    /// <param name="text">The <c>--shard</c> value: <c>K/N</c> or <c>auto/N</c>; null without the option.</param>
    /// <param name="indexVariable">With <c>auto</c>: the one variable to read; null tries the Kubernetes then the Slurm one.</param>
    /// <param name="environment">Looks an environment variable up (null when unset).</param>
    /// <exception cref="MlPipelineException">The value is malformed, out of range, or the variable is missing (usage error).</exception>
    public static Shard? Parse(string? text, string? indexVariable, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (text is null)
        {
            return indexVariable is null ? null : throw Usage($"--shard-index-env needs --shard {Auto}/N.");
        }

        var parts = text.Split('/');
        if (parts.Length != 2 || !TryParseCount(parts[1], out var count))
        {
            throw Usage($"--shard must be K/N or {Auto}/N with N a whole number of at least 1, got '{text}'.");
        }

        var isAuto = string.Equals(parts[0], Auto, StringComparison.OrdinalIgnoreCase);
        if (indexVariable is not null && !isAuto)
        {
            throw Usage($"--shard-index-env needs --shard {Auto}/N; '{text}' already gives the index.");
        }

        var (indexText, source) = isAuto ? FromEnvironment(indexVariable, environment) : (parts[0], "--shard");
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= count)
        {
            throw Usage($"The shard index from {source} must be a whole number in [0, {count - 1}], got '{indexText}'.");
        }

        return new Shard(index, count);
    }

    private static (string Value, string Source) FromEnvironment(string? indexVariable, Func<string, string?> environment)
    {
        string[] candidates = indexVariable is null ? [KubernetesIndexVariable, SlurmIndexVariable] : [indexVariable];
        foreach (var name in candidates)
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return (value.Trim(), name);
            }
        }

        throw Usage($"--shard {Auto}/N found no shard index: set {string.Join(" or ", candidates)}"
            + (indexVariable is null ? ", or name another variable with --shard-index-env." : "."));
    }

    private static bool TryParseCount(string text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1;

    private static MlPipelineException Usage(string message) => new(ExitCode.UsageError, message);
}
