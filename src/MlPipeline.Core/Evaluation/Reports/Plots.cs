using MlPipeline.Core.Evaluation.Metrics;
using MlPipeline.Core.Models;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using OxyPlot.SkiaSharp;

namespace MlPipeline.Core.Evaluation.Reports;

/// <summary>
/// The report's charts as PNG bytes, drawn by OxyPlot on SkiaSharp 2.88 (the SkiaSharp ML.NET's image support
/// needs; ScottPlot 5.1 requires SkiaSharp 3 and cannot share the process).
/// </summary>
public static class Plots
{
    private const string Font = "sans-serif";
    private static readonly OxyColor Ink = OxyColor.FromRgb(8, 48, 107);

    /// <summary>The confusion matrix as a heatmap: counts, or each row divided by its class's support.</summary>
    public static byte[] ConfusionHeatmap(ClassificationReport report, bool normalized)
    {
        ArgumentNullException.ThrowIfNull(report);
        var n = report.Classes.Count;
        var data = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            var support = report.ConfusionMatrix[i].Sum();
            for (var j = 0; j < n; j++)
            {
                // x is the predicted class, y the true class.
                data[j, i] = normalized ? (support > 0 ? (double)report.ConfusionMatrix[i][j] / support : 0) : report.ConfusionMatrix[i][j];
            }
        }

        var model = NewModel(normalized ? "Confusion matrix (row-normalized: recall per true class)" : "Confusion matrix (counts)");
        model.Axes.Add(ClassAxis(AxisPosition.Bottom, "Predicted", report.Classes, reversed: false));
        model.Axes.Add(ClassAxis(AxisPosition.Left, "True", report.Classes, reversed: true));
        model.Axes.Add(new LinearColorAxis
        {
            Position = AxisPosition.Right,
            Palette = OxyPalette.Interpolate(200, OxyColors.White, OxyColor.FromRgb(107, 174, 214), Ink),
            Minimum = 0,
            Maximum = normalized ? 1 : Math.Max(1, data.Cast<double>().Max()),
        });
        model.Series.Add(new HeatMapSeries
        {
            X0 = 0,
            X1 = n - 1,
            Y0 = 0,
            Y1 = n - 1,
            Data = data,
            Interpolate = false,
            CoordinateDefinition = HeatMapCoordinateDefinition.Center,
            RenderMethod = HeatMapRenderMethod.Rectangles,
            LabelFormatString = normalized ? "0.00" : "0",
            LabelFontSize = 0.18,
        });
        var side = Math.Clamp(220 + (70 * n), 480, 1400);
        return Export(model, side + 80, side);
    }

    /// <summary>Precision, recall and F1 of every class as grouped horizontal bars.</summary>
    public static byte[] PerClassBars(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var model = NewModel("Per-class precision, recall and F1");
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        model.Axes.Add(ClassAxis(AxisPosition.Left, "", report.Classes, reversed: true));
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, Maximum = 1, MajorGridlineStyle = LineStyle.Dot, Title = "Score" });
        model.Series.Add(Bars("Precision", OxyColor.FromRgb(107, 174, 214), report.PerClass.Select(c => c.Precision)));
        model.Series.Add(Bars("Recall", OxyColor.FromRgb(33, 113, 181), report.PerClass.Select(c => c.Recall)));
        model.Series.Add(Bars("F1", Ink, report.PerClass.Select(c => c.F1)));
        return Export(model, 900, Math.Clamp(140 + (60 * report.Classes.Count), 320, 2400));
    }

    /// <summary>
    /// The reliability diagram: per confidence bin, the accuracy (bars) against the diagonal a calibrated model
    /// follows, each bin labelled with its image count; empty bins have no bar.
    /// </summary>
    public static byte[] ReliabilityDiagram(CalibrationMetrics calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var model = NewModel(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Reliability: accuracy per confidence bin (ECE {calibration.ExpectedCalibrationError:0.0000}, confidence {calibration.MeanConfidence:0.000} at accuracy {calibration.Accuracy:0.000})"));
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Confidence (top probability)", Minimum = 0, Maximum = 1, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "Accuracy", Minimum = 0, Maximum = 1.08, MajorGridlineStyle = LineStyle.Dot });
        var bars = new RectangleBarSeries { Title = "Accuracy in bin", FillColor = OxyColor.FromRgb(107, 174, 214), StrokeColor = Ink, StrokeThickness = 1 };
        var confidence = new ScatterSeries { Title = "Mean confidence in bin", MarkerType = MarkerType.Diamond, MarkerSize = 4, MarkerFill = OxyColor.FromRgb(179, 38, 30) };
        foreach (var bin in calibration.Bins.Where(b => b.Count > 0))
        {
            bars.Items.Add(new RectangleBarItem(bin.Lower, 0, bin.Upper, bin.Accuracy));
            confidence.Points.Add(new ScatterPoint((bin.Lower + bin.Upper) / 2, bin.MeanConfidence));
            model.Annotations.Add(new TextAnnotation
            {
                Text = bin.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TextPosition = new DataPoint((bin.Lower + bin.Upper) / 2, Math.Min(bin.Accuracy, 1) + 0.02),
                TextVerticalAlignment = VerticalAlignment.Bottom,
                Stroke = OxyColors.Transparent,
                FontSize = 10,
            });
        }

        model.Series.Add(bars);
        var diagonal = new LineSeries { Title = "Calibrated (accuracy = confidence)", Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
        diagonal.Points.AddRange([new DataPoint(0, 0), new DataPoint(1, 1)]);
        model.Series.Add(diagonal);
        model.Series.Add(confidence);
        return Export(model, 720, 560);
    }

    /// <summary>Fine-tuning's loss (left axis) and accuracy (right axis) per epoch, training and validation.</summary>
    public static byte[] TrainingCurve(IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var model = NewModel("Fine-tuning: loss and accuracy per epoch");
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Epoch", Minimum = 0.5, Maximum = history.Count + 0.5, MajorStep = 1, MinorStep = 1 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "Loss", Key = "loss", Minimum = 0, MaximumPadding = 0.1, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Right, Title = "Accuracy", Key = "accuracy", Minimum = 0, Maximum = 1 });
        model.Series.Add(Line("Train loss (smoothed)", "loss", OxyColor.FromRgb(107, 174, 214), LineStyle.Solid, history.Select(h => (h.Epoch, (double?)h.TrainLoss))));
        model.Series.Add(Line("Validation log-loss", "loss", Ink, LineStyle.Solid, history.Select(h => (h.Epoch, h.ValidationLogLoss))));
        model.Series.Add(Line("Train accuracy", "accuracy", OxyColor.FromRgb(107, 174, 214), LineStyle.Dash, history.Select(h => (h.Epoch, (double?)h.TrainAccuracy))));
        model.Series.Add(Line("Validation accuracy", "accuracy", Ink, LineStyle.Dash, history.Select(h => (h.Epoch, h.ValidationAccuracy))));
        return Export(model, 800, 480);
    }

    private static LineSeries Line(string title, string axis, OxyColor color, LineStyle style, IEnumerable<(int Epoch, double? Value)> points)
    {
        var series = new LineSeries { Title = title, YAxisKey = axis, Color = color, LineStyle = style, MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = color };
        series.Points.AddRange(points.Where(p => p.Value is not null).Select(p => new DataPoint(p.Epoch, p.Value!.Value)));
        return series;
    }

    private static PlotModel NewModel(string title) =>
        new() { Title = title, TitleFontSize = 14, DefaultFont = Font, Background = OxyColors.White };

    private static CategoryAxis ClassAxis(AxisPosition position, string title, IReadOnlyList<string> classes, bool reversed)
    {
        var axis = new CategoryAxis
        {
            Position = position,
            Title = title,
            GapWidth = 0.3,
            StartPosition = reversed ? 1 : 0,
            EndPosition = reversed ? 0 : 1,
            Angle = position == AxisPosition.Bottom && classes.Count > 6 ? -45 : 0,
        };
        axis.Labels.AddRange(classes);
        return axis;
    }

    private static BarSeries Bars(string title, OxyColor color, IEnumerable<double> values)
    {
        var series = new BarSeries { Title = title, FillColor = color, LabelFormatString = "{0:0.00}", LabelPlacement = LabelPlacement.Inside, TextColor = OxyColors.White };
        series.Items.AddRange(values.Select(v => new BarItem(v)));
        return series;
    }

    private static byte[] Export(PlotModel model, int width, int height)
    {
        using var stream = new MemoryStream();
        new PngExporter { Width = width, Height = height }.Export(model, stream);
        return stream.ToArray();
    }
}
