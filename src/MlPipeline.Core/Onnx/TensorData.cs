using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace MlPipeline.Core.Onnx;

/// <summary>
/// The one place tensor contents are read and written. ONNX raw_data is little-endian whatever the machine, so
/// every element type goes through the same byte order here; typed fields (float_data, int64_data) are read when a
/// writer left raw_data empty.
/// </summary>
internal static class TensorData
{
    public static float[] Floats(TensorProto tensor)
    {
        Expect(tensor, TensorProto.Types.DataType.Float);
        return tensor.RawData.IsEmpty ? [.. tensor.FloatData] : FromLittleEndian<float>(tensor.RawData.Span);
    }

    public static long[] Int64s(TensorProto tensor)
    {
        Expect(tensor, TensorProto.Types.DataType.Int64);
        return tensor.RawData.IsEmpty ? [.. tensor.Int64Data] : FromLittleEndian<long>(tensor.RawData.Span);
    }

    /// <summary>Values stored little-endian outside a tensor (TF.js weight shards use the same order).</summary>
    public static T[] FromLittleEndian<T>(ReadOnlySpan<byte> raw)
        where T : unmanaged
    {
        var values = MemoryMarshal.Cast<byte, T>(raw).ToArray();
        ToMachineOrder(values);
        return values;
    }

    /// <summary>Swaps each element of values just read as little-endian bytes into this machine's order.</summary>
    public static void ToMachineOrder<T>(Span<T> values)
        where T : unmanaged => SwapOnBigEndian(MemoryMarshal.AsBytes(values), Unsafe.SizeOf<T>());

    /// <summary>The raw_data of <paramref name="values"/>, in a buffer of its own that nothing else writes.</summary>
    public static ByteString Raw<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        SwapOnBigEndian(bytes, Unsafe.SizeOf<T>());

        // The buffer is never touched again, so wrapping it spares a second copy of every weight (~100 MB for ResNet-50).
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>A tensor of <paramref name="values"/> stored as raw_data.</summary>
    public static TensorProto Tensor<T>(string name, IReadOnlyList<int> dims, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var tensor = new TensorProto { Name = name, DataType = (int)ElementType<T>(), RawData = Raw(values) };
        tensor.Dims.AddRange(dims.Select(dim => (long)dim));
        return tensor;
    }

    /// <summary>The ONNX element type of a C# element type.</summary>
    public static TensorProto.Types.DataType ElementType<T>()
        where T : unmanaged => default(T) switch
        {
            float => TensorProto.Types.DataType.Float,
            long => TensorProto.Types.DataType.Int64,
            int => TensorProto.Types.DataType.Int32,
            sbyte => TensorProto.Types.DataType.Int8,
            byte => TensorProto.Types.DataType.Uint8,
            _ => throw new NotSupportedException($"No ONNX element type for {typeof(T).Name}."),
        };

    // Byte order is swapped in place, so little-endian machines (every one ONNX Runtime ships for) pay nothing.
    private static void SwapOnBigEndian(Span<byte> bytes, int elementSize)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < bytes.Length; i += elementSize)
            {
                bytes.Slice(i, elementSize).Reverse();
            }
        }
    }

    private static void Expect(TensorProto tensor, TensorProto.Types.DataType type)
    {
        if (tensor.DataType != (int)type)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' holds {(TensorProto.Types.DataType)tensor.DataType}, not {type}.", nameof(tensor));
        }
    }
}
