using System.Text.Json;
using MlPipeline.Core.Evaluation.Reports;
using MlPipeline.Core.Models;
using MlPipeline.Core.Training;

namespace MlPipeline.Tests.Evaluation;

/// <summary>The classification report has one name in every JSON users parse: train's, its metrics file's and evaluate's.</summary>
public sealed class ReportNamingTests
{
    [Theory]
    [InlineData(typeof(TrainDocument))]
    [InlineData(typeof(TrainingMetricsFile))]
    [InlineData(typeof(MetricsDocument))]
    public void The_report_is_called_metrics(Type document)
    {
        var reports = document.GetProperties().Where(p => p.PropertyType == typeof(Core.Evaluation.Metrics.ClassificationReport)).ToList();
        var name = Assert.Single(reports).Name;
        Assert.Equal("metrics", ModelStore.Json.PropertyNamingPolicy?.ConvertName(name) ?? name);
    }

    [Fact]
    public void The_training_metrics_file_serializes_the_report_as_metrics()
    {
        var json = JsonSerializer.SerializeToElement(new TrainingMetricsFile(null!, SampleReports.CatsAndDogs()), ModelStore.Json);
        Assert.Equal(SampleReports.CatsAndDogs().MicroAccuracy, json.GetProperty("metrics").GetProperty("microAccuracy").GetDouble());
    }
}
