using System.Text.Json;

namespace MlPipeline.Tests.Support;

/// <summary>The cases scripts/golden/make-calibration-golden.py computed with Python's standard library.</summary>
internal static class CalibrationGolden
{
    public static readonly IReadOnlyList<Case> Cases = Load();

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in Cases)
        {
            names.Add(c.Name);
        }

        return names;
    }

    public static Case Named(string name) => Cases.Single(c => c.Name == name);

    private static List<Case> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", "calibration-golden.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!,
            [.. c.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32())],
            [.. c.GetProperty("logits").EnumerateArray().Select(Floats)],
            [.. c.GetProperty("probabilities").EnumerateArray().Select(Floats)],
            c.GetProperty("calibration").GetProperty("expectedCalibrationError").GetDouble(),
            c.GetProperty("calibration").GetProperty("brierScore").GetDouble(),
            c.GetProperty("calibration").GetProperty("meanConfidence").GetDouble(),
            c.GetProperty("calibration").GetProperty("accuracy").GetDouble(),
            [.. c.GetProperty("calibration").GetProperty("binCounts").EnumerateArray().Select(n => n.GetInt32())],
            c.GetProperty("temperature").GetDouble(),
            c.GetProperty("nllAtOne").GetDouble(),
            c.GetProperty("nllAtTemperature").GetDouble()))];
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];

    internal sealed record Case(
        string Name,
        int[] Labels,
        float[][] Logits,
        float[][] Probabilities,
        double ExpectedCalibrationError,
        double BrierScore,
        double MeanConfidence,
        double Accuracy,
        int[] BinCounts,
        double Temperature,
        double NllAtOne,
        double NllAtTemperature);
}
