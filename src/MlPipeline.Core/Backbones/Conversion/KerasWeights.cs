using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>
/// The weights of a TF.js layers model: the weightsManifest of model.json resolved against its binary shards,
/// indexed by layer and by the Keras name of the weight (kernel, bias, gamma, beta, moving_mean, moving_variance).
/// </summary>
internal sealed partial class KerasWeights
{
    private readonly Dictionary<(string Layer, string Role), WeightTensor> weights;

    private KerasWeights(Dictionary<(string Layer, string Role), WeightTensor> weights) => this.weights = weights;

    /// <summary>
    /// Reads every weight group of <paramref name="modelJson"/>'s manifest from the shards next to the model file
    /// and assigns each weight to the layer whose name, followed by '/', starts the weight name.
    /// </summary>
    public static KerasWeights Load(JsonElement modelJson, string modelDirectory, IEnumerable<string> layerNames)
    {
        if (!modelJson.TryGetProperty("weightsManifest", out var manifest) || manifest.ValueKind != JsonValueKind.Array)
        {
            throw new KerasConversionException("model.json has no 'weightsManifest' list.");
        }

        // Longest names first: should one layer name extend another across a '/' ("block" and "block/conv"),
        // the weight belongs to the more specific layer.
        var layers = layerNames.OrderByDescending(name => name.Length).ToList();
        var weights = new Dictionary<(string, string), WeightTensor>();
        foreach (var group in manifest.EnumerateArray())
        {
            foreach (var weight in ReadGroup(group, modelDirectory))
            {
                var layer = layers.FirstOrDefault(name => weight.Name.StartsWith(name + "/", StringComparison.Ordinal));
                if (layer is null)
                {
                    continue; // A weight no layer owns (e.g. an optimizer slot) is not needed for inference.
                }

                var role = RoleOf(weight.Name);
                if (!weights.TryAdd((layer, role), weight))
                {
                    throw new KerasConversionException($"Layer '{layer}' has more than one '{role}' weight ('{weights[(layer, role)].Name}' and '{weight.Name}').");
                }
            }
        }

        return new KerasWeights(weights);
    }

    /// <summary>The weight of <paramref name="layer"/> with the given Keras name, checked against the expected shape.</summary>
    public WeightTensor Get(KerasLayer layer, string role, params int[] expectedShape)
    {
        if (!weights.TryGetValue((layer.Name, role), out var weight))
        {
            throw layer.Error($"the weights manifest has no '{role}' weight for it");
        }

        if (!weight.Shape.SequenceEqual(expectedShape))
        {
            throw layer.Error($"weight '{weight.Name}' has shape [{string.Join(", ", weight.Shape)}], expected [{string.Join(", ", expectedShape)}]");
        }

        return weight;
    }

    // "conv1/kernel", "conv1/kernel_1" (tfjs de-duplication) and "conv1/kernel:0" (TF variable) all mean "kernel".
    private static string RoleOf(string weightName) =>
        RoleSuffix().Replace(weightName[(weightName.LastIndexOf('/') + 1)..], string.Empty);

    private static List<WeightTensor> ReadGroup(JsonElement group, string modelDirectory)
    {
        var paths = group.GetProperty("paths").EnumerateArray().Select(path => path.GetString()!).ToList();
        var entries = group.GetProperty("weights").EnumerateArray().Select(ReadEntry).ToList();
        var expectedBytes = entries.Sum(entry => entry.ElementCount * (long)sizeof(float));
        return ReadWeights(ShardFiles(paths, modelDirectory, expectedBytes), entries);
    }

    /// <summary>
    /// Reads the weights straight from the shards into their arrays: TF.js concatenates a group's weights in
    /// manifest order and cuts that byte stream into the listed shards, so a weight may span two shards.
    /// </summary>
    private static List<WeightTensor> ReadWeights(List<string> shardFiles, List<(string Name, IReadOnlyList<int> Shape, int ElementCount)> entries)
    {
        var result = new List<WeightTensor>(entries.Count);
        var nextShard = 0;
        FileStream? shard = null;
        try
        {
            foreach (var (name, shape, count) in entries)
            {
                var data = new float[count];
                var unread = MemoryMarshal.AsBytes(data.AsSpan());
                while (unread.Length > 0)
                {
                    shard ??= nextShard < shardFiles.Count
                        ? File.OpenRead(shardFiles[nextShard++])
                        : throw new KerasConversionException($"The weight shards ended before weight '{name}'; they changed while being read.");
                    var read = shard.Read(unread);
                    if (read == 0)
                    {
                        shard.Dispose();
                        shard = null;
                    }

                    unread = unread[read..];
                }

                // TF.js shards are little-endian, like ONNX raw data.
                TensorData.ToMachineOrder<float>(data);

                result.Add(new WeightTensor(name, shape, data));
            }
        }
        finally
        {
            shard?.Dispose();
        }

        return result;
    }

    private static (string Name, IReadOnlyList<int> Shape, int ElementCount) ReadEntry(JsonElement entry)
    {
        var name = entry.GetProperty("name").GetString()!;
        var dtype = entry.TryGetProperty("dtype", out var type) ? type.GetString() : "float32";
        if (dtype != "float32" || entry.TryGetProperty("quantization", out _))
        {
            throw new KerasConversionException($"Weight '{name}' is stored as {dtype}{(entry.TryGetProperty("quantization", out _) ? ", quantized" : "")}; only unquantized float32 weights are supported.");
        }

        int[] shape = [.. entry.GetProperty("shape").EnumerateArray().Select(dim => dim.GetInt32())];
        return (name, shape, shape.Aggregate(1, (product, dim) => checked(product * dim)));
    }

    /// <summary>The full paths of a group's shards, checked to exist and to hold exactly the manifest's bytes.</summary>
    private static List<string> ShardFiles(List<string> paths, string modelDirectory, long expectedBytes)
    {
        var root = Path.GetFullPath(modelDirectory);
        var files = paths.Select(path => Path.GetFullPath(Path.Combine(root, path))).ToList();
        foreach (var (path, file) in paths.Zip(files))
        {
            if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new KerasConversionException($"Weight shard '{path}' lies outside the model directory '{root}'.");
            }

            if (!File.Exists(file))
            {
                throw new KerasConversionException($"Weight shard '{path}' listed in model.json is missing from '{root}'.");
            }
        }

        var actualBytes = files.Sum(file => new FileInfo(file).Length);
        if (actualBytes != expectedBytes)
        {
            throw new KerasConversionException(
                $"Weight shards {string.Join(", ", paths.Select(path => $"'{path}'"))} hold {actualBytes} bytes but the manifest describes {expectedBytes}; a shard is truncated or does not belong to this model.");
        }

        return files;
    }

    [GeneratedRegex(@"(:\d+|_\d+)+$")]
    private static partial Regex RoleSuffix();
}
