using MlPipeline.Core.Prediction.Sharding;

namespace MlPipeline.Core.Prediction.Output;

/// <summary>
/// Whether the rows of an earlier run are rows this run would have written. Rows of another shard would make the
/// documented merge of shard files duplicate them; rows naming a class the model lacks come from another model.
/// Either way the file is refused, untouched, rather than mixed.
/// </summary>
internal static class ResumeCompatibility
{
    /// <exception cref="MlPipelineException">Exit 2: a row belongs to another shard, or names a class the model does not have.</exception>
    public static void Ensure(string outputPath, ResumeState resume, Shard? shard, string modelPath, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(resume);
        ArgumentNullException.ThrowIfNull(classes);
        if (shard is not null && resume.Done.Order(StringComparer.Ordinal).FirstOrDefault(p => !shard.Contains(p)) is { } foreign)
        {
            throw new MlPipelineException(
                ExitCode.UsageError,
                $"Cannot resume {outputPath} as shard {shard}: its row for {foreign} belongs to shard {Shard.Of(foreign, shard.Count)}/{shard.Count}; resume each shard into its own file.");
        }

        var known = new HashSet<string>(classes, StringComparer.Ordinal) { PredictionRow.UnknownLabel };
        if (resume.Labels.Order(StringComparer.Ordinal).FirstOrDefault(l => !known.Contains(l)) is { } label)
        {
            throw new MlPipelineException(
                ExitCode.UsageError,
                $"Cannot resume {outputPath}: its rows name the class '{label}', which {modelPath} does not have, so they come from another model; write to a new file.");
        }
    }
}
