using System.Text.Json;
using MlPipeline.Core.Models;
using MlPipeline.Core.Quantization;

namespace MlPipeline.Cli.Output;

/// <summary>Prints what <c>quantize</c> measured: a few lines for people, or one JSON document with <c>--json</c>.</summary>
internal static class QuantizeResultWriter
{
    public static void Write(CliConsole console, QuantizeResult result, bool asJson)
    {
        if (asJson)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(result, ModelStore.Json));
            return;
        }

        var q = result.Quantization;
        var lines = new List<string>
        {
            FormattableString.Invariant($"Quantized {result.QuantizedConvolutions} convolutions: weights {q.Weights}; activations {q.Activations}, {q.Calibration} over {q.CalibrationImages} training-side images."),
            FormattableString.Invariant($"Validation ({q.ValidationImages} images): float accuracy {q.FloatAccuracy:P2}, int8 accuracy {q.QuantizedAccuracy:P2}, label agreement {q.LabelAgreement:P2}."),
            // A negative drop is a gain, and says so rather than printing a minus sign.
            result.AccuracyDrop < 0
                ? FormattableString.Invariant($"int8 is {-result.AccuracyDrop * 100:0.##} points better (allowed drop {result.MaxAccuracyDrop:P2}): passed.")
                : FormattableString.Invariant($"Accuracy drop {result.AccuracyDrop:P2} (allowed {result.MaxAccuracyDrop:P2}): {(result.GatePassed ? "passed" : "FAILED")}."),
        };
        if (result.KeptFloat.Count > 0)
        {
            lines.Add($"Kept float ({result.KeptFloat.Count}, the largest relative output error when quantized alone):");
            lines.AddRange(result.KeptFloat.Select(k => FormattableString.Invariant($"  {k.Tensor} ({k.Producer}): {k.OutputError:0.###e+0}")));
        }

        lines.Add(result.OutputPath is { } path ? $"int8 model: {path}" : "No model written.");
        foreach (var line in lines)
        {
            console.Out.WriteLine(line);
        }
    }
}
