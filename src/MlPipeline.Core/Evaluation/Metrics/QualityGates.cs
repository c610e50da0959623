using System.Globalization;

namespace MlPipeline.Core.Evaluation.Metrics;

/// <summary>The thresholds asked for; null means that gate is not checked.</summary>
/// <param name="MinAccuracy">Lowest acceptable micro accuracy.</param>
/// <param name="MinMacroF1">Lowest acceptable macro F1.</param>
/// <param name="MinClassRecall">Lowest acceptable recall of every class that has examples.</param>
/// <param name="MaxExpectedCalibrationError">Highest acceptable expected calibration error (see <see cref="CalibrationMetrics"/>).</param>
public sealed record GateThresholds(double? MinAccuracy = null, double? MinMacroF1 = null, double? MinClassRecall = null, double? MaxExpectedCalibrationError = null);

/// <summary>One gate's outcome.</summary>
/// <param name="Name">The option name without dashes, e.g. <c>min-accuracy</c>.</param>
/// <param name="Threshold">The required minimum (for <c>max-</c> gates: the allowed maximum).</param>
/// <param name="Actual">The measured value (for class recall: the lowest class recall).</param>
/// <param name="Passed">Whether <paramref name="Actual"/> reached <paramref name="Threshold"/> (for <c>max-</c> gates: stayed at or below it).</param>
/// <param name="FailingClasses">For class recall: the classes below the threshold; empty otherwise.</param>
public sealed record GateResult(string Name, double Threshold, double Actual, bool Passed, IReadOnlyList<string> FailingClasses)
{
    /// <summary>One line for logs and reports, e.g. <c>gate min-accuracy 0.90: PASS (0.9444)</c>.</summary>
    public string Describe()
    {
        // Only a drop-type gate (max-accuracy-drop) measures below zero: a drop below zero is an improvement, said so.
        var measured = Actual < 0 ? string.Create(CultureInfo.InvariantCulture, $"improved by {-Actual:F4}") : Actual.ToString("F4", CultureInfo.InvariantCulture);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"gate {Name} {Threshold:0.00##}: {(Passed ? "PASS" : "FAIL")} ({measured})");
        return FailingClasses.Count > 0 ? $"{line} below: {string.Join(", ", FailingClasses)}" : line;
    }
}

/// <summary>Checks a classification report against CI quality gates.</summary>
public static class QualityGates
{
    /// <summary>Gate name of <see cref="GateThresholds.MinAccuracy"/>.</summary>
    public const string MinAccuracy = "min-accuracy";

    /// <summary>Gate name of <see cref="GateThresholds.MinMacroF1"/>.</summary>
    public const string MinMacroF1 = "min-macro-f1";

    /// <summary>Gate name of <see cref="GateThresholds.MinClassRecall"/>.</summary>
    public const string MinClassRecall = "min-class-recall";

    /// <summary>Gate name of <see cref="GateThresholds.MaxExpectedCalibrationError"/>.</summary>
    public const string MaxExpectedCalibrationError = "max-ece";

    /// <summary>Checks each requested gate, in option order.</summary>
    public static IReadOnlyList<GateResult> Check(ClassificationReport report, GateThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var results = new List<GateResult>();
        if (thresholds.MinAccuracy is { } minAccuracy)
        {
            results.Add(new GateResult(MinAccuracy, minAccuracy, report.MicroAccuracy, report.MicroAccuracy >= minAccuracy, []));
        }

        if (thresholds.MinMacroF1 is { } minMacroF1)
        {
            results.Add(new GateResult(MinMacroF1, minMacroF1, report.MacroF1, report.MacroF1 >= minMacroF1, []));
        }

        if (thresholds.MinClassRecall is { } minRecall)
        {
            // A class with no examples has no recall to speak of; judging it would fail every partial test set.
            var measured = report.PerClass.Where(c => c.Support > 0).ToList();
            var failing = measured.Where(c => c.Recall < minRecall).Select(c => c.Class).ToList();
            var lowest = measured.Select(c => c.Recall).DefaultIfEmpty(0).Min();
            results.Add(new GateResult(MinClassRecall, minRecall, lowest, failing.Count == 0, failing));
        }

        if (thresholds.MaxExpectedCalibrationError is { } maxEce)
        {
            // Metrics written before calibration was measured have none; such a report cannot pass a calibration gate.
            var ece = report.Calibration?.ExpectedCalibrationError ?? double.NaN;
            results.Add(new GateResult(MaxExpectedCalibrationError, maxEce, ece, ece <= maxEce, []));
        }

        return results;
    }

    /// <summary>Each threshold with its gate (option) name, in option order.</summary>
    internal static IEnumerable<(string Name, double? Value)> Named(GateThresholds t) =>
        [(MinAccuracy, t.MinAccuracy), (MinMacroF1, t.MinMacroF1), (MinClassRecall, t.MinClassRecall), (MaxExpectedCalibrationError, t.MaxExpectedCalibrationError)];
}
