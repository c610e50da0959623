using System.Buffers.Binary;

namespace MlPipeline.Core.Quantization;

/// <summary>Decodes ONNX raw tensor data, which is little-endian on every machine.</summary>
internal static class OnnxTensors
{
    public static float[] Floats(ReadOnlySpan<byte> raw)
    {
        var values = new float[raw.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * sizeof(float), sizeof(float)));
        }

        return values;
    }
}
