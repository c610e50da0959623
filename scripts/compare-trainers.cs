// Compares multiclass trainers for the classifier head on features featurized once by the real backbone.
// Usage: dotnet run scripts/compare-trainers.cs -- <dataset-folder> [seed]
// Prints validation micro-accuracy, log-loss and fit time per trainer on the same stratified 20% split.
#:project ../src/MlPipeline.Core/MlPipeline.Core.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Core.Backbones;
using MlPipeline.Core.Dataset;
using MlPipeline.Core.Scoring;
using MlPipeline.Core.Pipeline;
using MlPipeline.Core.Reporting;

var seed = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 42;
var dataset = DatasetScanner.Scan(args[0]);
var backbone = await new BackboneProvider(BackboneCache.DefaultDirectory(), SilentObserver.Instance).ResolveAsync("resnet50", CancellationToken.None);
var ml = new MLContext(seed);
var featurizer = FeaturizerFactory.Fit(ml, backbone);
using var engine = new ScoringEngine(ScoringModel.ForBackbone(backbone));
var features = engine.Featurize(dataset.Images, SilentObserver.Instance, CancellationToken.None);
var split = StratifiedSplit.Create(features.Images, i => i.Source.Label, 0.2, seed);
var featureType = FeaturizerFactory.FeatureType(ml, featurizer);
Console.WriteLine($"{dataset.Root}: {features.Images.Count} images, {dataset.Classes.Count} classes, train {split.Train.Count}, validation {split.Validation.Count}");

var trainers = new (string Name, IEstimator<ITransformer> Estimator)[]
{
    ("L-BFGS maximum entropy", ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "features")),
    ("L-BFGS maximum entropy + min-max normalization", ml.Transforms.NormalizeMinMax("features").Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "features"))),
    ("SDCA maximum entropy", ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("LabelKey", "features")),
    ("SDCA maximum entropy + min-max normalization", ml.Transforms.NormalizeMinMax("features").Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("LabelKey", "features"))),
};

IDataView ToView(IEnumerable<FeaturizedImage> images)
{
    var schema = SchemaDefinition.Create(typeof(Row));
    schema["features"].ColumnType = featureType;
    var view = ml.Data.LoadFromEnumerable(images.Select(i => new Row { Label = i.Source.Label, Features = i.Features }).ToList(), schema);
    return ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(view).Transform(view);
}

var train = ToView(split.Train);
var validation = ToView(split.Validation);
foreach (var (name, estimator) in trainers)
{
    var stopwatch = Stopwatch.StartNew();
    var model = estimator.Fit(train);
    var fit = stopwatch.Elapsed.TotalSeconds;
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation), "LabelKey");
    Console.WriteLine($"{name,-50} accuracy {metrics.MicroAccuracy:F4}  log-loss {metrics.LogLoss:F4}  fit {fit:F2} s");
}

sealed class Row
{
    public string Label { get; set; } = "";

    [ColumnName("features")]
    public float[] Features { get; set; } = [];
}
