using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace MlPipeline.Core.Pipeline;

/// <summary>
/// Rebuilds a fitted head with its maximum-entropy weights and biases divided by a temperature T. For a softmax this
/// is exactly temperature scaling, softmax((W·x + b) / T) = softmax((W/T)·x + b/T), and it keeps the head an ordinary
/// ML.NET pipeline of the same kinds: a plain ML.NET program loading the zip gets the calibrated probabilities, and
/// everything that reads the head's numbers (scoring, export, quantize) applies T without knowing of it.
/// </summary>
/// <remarks>
/// ML.NET 5 has no public way to make a maximum-entropy model from given numbers (its constructors are internal, and
/// a warm-started L-BFGS fit moves the weights), so the two constructors are called by reflection. Their signatures
/// are checked here, and a test scores the saved zip through ML.NET's own prediction engine.
/// </remarks>
internal static class ScaledMaximumEntropy
{
    private static readonly ConstructorInfo? ModelConstructor = typeof(MaximumEntropyModelParameters).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic,
        [typeof(IHostEnvironment), typeof(VBuffer<float>[]), typeof(float[]), typeof(int), typeof(int), typeof(string[]), typeof(ModelStatisticsBase)]);

    private static readonly ConstructorInfo? TransformerConstructor = typeof(MulticlassPredictionTransformer<MaximumEntropyModelParameters>).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic,
        [typeof(IHostEnvironment), typeof(MaximumEntropyModelParameters), typeof(DataViewSchema), typeof(string), typeof(string), typeof(string), typeof(string)]);

    /// <summary>The head (normalizer, maximum-entropy classifier, key to class name) with its logits divided by <paramref name="temperature"/>; <paramref name="headInput"/> is the schema it was fitted on.</summary>
    public static ITransformer Rescale(MLContext mlContext, ITransformer head, DataViewSchema headInput, IReadOnlyList<string> classes, double temperature)
    {
        if (!double.IsFinite(temperature) || temperature <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "A temperature is a positive number.");
        }

        if (ModelConstructor is null || TransformerConstructor is null)
        {
            throw new MlPipelineException(ExitCode.ModelError, "This ML.NET version cannot rebuild the classifier head with a temperature; the tool was built against ML.NET 5.");
        }

        var parts = head is IEnumerable<ITransformer> chain ? chain.ToList() : [head];
        if (parts is not [NormalizingTransformer normalizer, MulticlassPredictionTransformer<MaximumEntropyModelParameters> classifier, KeyToValueMappingTransformer toLabel])
        {
            throw new MlPipelineException(ExitCode.ModelError, "The classifier head is not the normalizer, maximum-entropy model and label mapping that train fits.");
        }

        VBuffer<float>[] rows = [];
        classifier.Model.GetWeights(ref rows, out var classCount);
        var inverse = (float)(1 / temperature);
        var weights = rows.Take(classCount).Select(row =>
        {
            var values = row.DenseValues().Select(w => w * inverse).ToArray();
            return new VBuffer<float>(values.Length, values);
        }).ToArray();
        var biases = classifier.Model.GetBiases().Select(b => b * inverse).ToArray();
        var environment = (IHostEnvironment)mlContext;
        var model = (MaximumEntropyModelParameters)ModelConstructor.Invoke(
            [environment, weights, biases, classCount, weights[0].Length, classes.ToArray(), null]);
        var scaled = (ITransformer)TransformerConstructor.Invoke(
            [environment, model, normalizer.GetOutputSchema(headInput), classifier.FeatureColumnName, ColumnNames.LabelKey, ColumnNames.Score, ColumnNames.PredictedLabel]);
        return new TransformerChain<ITransformer>(normalizer, scaled, toLabel);
    }
}
