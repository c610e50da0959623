using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Pipeline;

namespace MlPipeline.Core.Models;

/// <summary>
/// The class names a model itself knows: the slot names ML.NET stores on its <c>Score</c> column (the key values
/// of the label it was trained on). They, not the editable manifest, decide what a score means.
/// </summary>
public static class ModelLabels
{
    /// <summary>The model's class names in score order.</summary>
    /// <exception cref="MlPipelineException">The model has no Score column with class names.</exception>
    public static IReadOnlyList<string> Read(MLContext mlContext, ITransformer model, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ImageColumnType.EnsureRegistered();
        var input = mlContext.Data.LoadFromEnumerable(Array.Empty<ImageInput>()).Schema;
        DataViewSchema output;
        try
        {
            output = model.GetOutputSchema(input);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or ArgumentException)
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{path} does not take an image input: {e.Message}", e);
        }

        if (output.GetColumnOrNull(ColumnNames.Score) is not { } score || !score.HasSlotNames())
        {
            throw new MlPipelineException(ExitCode.ModelError, $"{path} has no {ColumnNames.Score} column with class names.");
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    /// <summary>Fails unless <paramref name="manifest"/> lists exactly the model's classes, in the model's order.</summary>
    /// <exception cref="MlPipelineException">Exit 6, "manifest does not match model".</exception>
    public static void EnsureManifestMatches(ModelManifest manifest, IReadOnlyList<string> modelLabels, string path)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(modelLabels);
        if (!manifest.Classes.SequenceEqual(modelLabels, StringComparer.Ordinal))
        {
            throw new MlPipelineException(
                ExitCode.ModelError,
                $"{path}: manifest does not match model (manifest classes: {string.Join(", ", manifest.Classes)}; model classes: {string.Join(", ", modelLabels)}).");
        }
    }
}
