using System.Runtime.InteropServices;
using Google.Protobuf;
using MlPipeline.Core.Onnx;

namespace MlPipeline.Core.Training.Graphs;

/// <summary>Rewrites float initializers of an ONNX model, leaving the graph itself untouched.</summary>
internal static class BackboneInitializers
{
    public static byte[] Replace(byte[] onnx, IReadOnlyDictionary<string, float[]> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // raw_data is little-endian; ONNX Runtime's managed package ships only for little-endian machines anyway.
            throw new PlatformNotSupportedException("Writing ONNX weights needs a little-endian machine.");
        }

        var model = ModelProto.Parser.ParseFrom(onnx);
        var replaced = 0;
        foreach (var tensor in model.Graph.Initializer)
        {
            if (values.TryGetValue(tensor.Name, out var value))
            {
                tensor.FloatData.Clear();
                tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(value.AsSpan()));
                replaced++;
            }
        }

        if (replaced != values.Count)
        {
            throw new ArgumentException("Some values name no initializer of the backbone.", nameof(values));
        }

        return model.ToByteArray();
    }
}
