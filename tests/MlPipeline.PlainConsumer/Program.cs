using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

// Usage: PlainConsumer <model.zip> <image>; prints "<label>\t<score>,<score>,...".
var mlContext = new MLContext();
var model = mlContext.Model.Load(args[0], out _);
var engine = mlContext.Model.CreatePredictionEngine<Input, Output>(model);
using var image = MLImage.CreateFromFile(args[1]);
var prediction = engine.Predict(new Input { Image = image });
Console.WriteLine($"{prediction.PredictedLabel}\t{string.Join(',', prediction.Score.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))}");

internal sealed class Input
{
    [ImageType(224, 224)]
    public MLImage? Image { get; set; }
}

internal sealed class Output
{
    public string PredictedLabel { get; set; } = "";

    public float[] Score { get; set; } = [];
}
