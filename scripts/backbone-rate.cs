// The yardstick: a bare ONNX Runtime session's images/s on the backbone stored in each model zip (or .onnx file),
// one after the other in the same run, plus the operators ONNX Runtime's optimizer turns each graph into.
// Usage: dotnet run scripts/backbone-rate.cs -- <seconds per model> <model.zip|backbone.onnx> ...
#:project ../src/MlPipeline.Core/MlPipeline.Core.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlPipeline.Core.Quantization;

var seconds = double.Parse(args[0], CultureInfo.InvariantCulture);
Console.WriteLine($"{"model",-40} {"images/s",9} {"ms/image",9}  fused operators");
foreach (var path in args.Skip(1))
{
    var onnx = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? Embedded(path) : File.ReadAllBytes(path);
    var counts = OptimizedGraph.OperatorCounts(onnx);
    string[] interesting = ["Conv", "FusedConv", "QLinearConv", "QLinearAdd", "Add", "MaxPool", "QuantizeLinear", "DequantizeLinear"];
    var ops = string.Join(", ", interesting.Where(counts.ContainsKey).Select(op => $"{op} {counts[op]}"));

    // Default session options, as ML.NET's ONNX transformer creates them: all optimizations, one thread per core.
    using var session = new InferenceSession(onnx);
    var input = new DenseTensor<float>([1, 3, 224, 224]);
    var random = new Random(1);
    for (var i = 0; i < input.Length; i++)
    {
        input.Buffer.Span[i] = random.Next(256);
    }

    NamedOnnxValue[] feed = [NamedOnnxValue.CreateFromTensor("image", input)];
    string[] fetch = ["features"];
    for (var i = 0; i < 3; i++)
    {
        using var warm = session.Run(feed, fetch);
    }

    var images = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        using var result = session.Run(feed, fetch);
        images++;
    }

    var rate = images / clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path),-40} {rate,9:F1} {1000 / rate,9:F1}  {ops}"));
}

// ML.NET stores the ONNX model as a zip entry named OnnxModel: a little-endian int32 length, then the file.
static byte[] Embedded(string zipPath)
{
    using var zip = ZipFile.OpenRead(zipPath);
    using var stream = zip.Entries.Single(e => e.Name == "OnnxModel").Open();
    var prefix = new byte[4];
    stream.ReadExactly(prefix);
    var onnx = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
    stream.ReadExactly(onnx);
    return onnx;
}
