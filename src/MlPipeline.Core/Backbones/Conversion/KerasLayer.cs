using System.Text.Json;

namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>One layer of a Keras model topology: its class, its raw config and the layers it reads from.</summary>
internal sealed class KerasLayer(string name, string className, JsonElement config, IReadOnlyList<string> inputs)
{
    public string Name { get; } = name;

    public string ClassName { get; } = className;

    /// <summary>Names of the layers whose outputs this layer consumes, in call order.</summary>
    public IReadOnlyList<string> Inputs { get; } = inputs;

    public string Describe() => $"layer '{Name}' ({ClassName})";

    public KerasConversionException Error(string problem) => new($"Cannot convert {Describe()}: {problem}.");

    public string GetString(string key) =>
        GetOptionalString(key) ?? throw Error($"config has no string '{key}'");

    public string? GetOptionalString(string key) =>
        config.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int GetInt(string key) =>
        config.TryGetProperty(key, out var value) && TryGetInt(value, out var result)
            ? result
            : throw Error($"config has no integer '{key}'");

    public double GetDouble(string key) =>
        config.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var result)
            ? result
            : throw Error($"config has no number '{key}'");

    public bool GetBool(string key, bool fallback) =>
        config.TryGetProperty(key, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : fallback;

    public int GetInt(string key, int fallback) => config.TryGetProperty(key, out _) ? GetInt(key) : fallback;

    /// <summary>
    /// Reads a (height, width) pair that Keras may store as one integer or a two-element list; a missing or null
    /// entry yields <paramref name="fallback"/> when one is given (MaxPooling2D's strides default to its pool size).
    /// </summary>
    public (int Height, int Width) GetIntPair(string key, (int, int)? fallback = null)
    {
        if (!config.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback ?? throw Error($"config has no '{key}'");
        }

        return ReadIntPair(value, key);
    }

    /// <summary>Reads a list of integers that Keras may also store as a bare integer (BatchNormalization's axis).</summary>
    public IReadOnlyList<int> GetIntList(string key)
    {
        if (!config.TryGetProperty(key, out var value))
        {
            throw Error($"config has no '{key}'");
        }

        if (TryGetInt(value, out var single))
        {
            return [single];
        }

        return value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(item => TryGetInt(item, out var i) ? i : throw Error($"'{key}' holds a non-integer"))]
            : throw Error($"'{key}' is neither an integer nor a list");
    }

    /// <summary>Reads a list of dimensions in which <see langword="null"/> marks an unknown size (batch_input_shape).</summary>
    public IReadOnlyList<int?> GetShape(string key)
    {
        if (!config.TryGetProperty(key, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw Error($"config has no list '{key}'");
        }

        return [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Null ? (int?)null
            : TryGetInt(item, out var size) ? size
            : throw Error($"'{key}' holds a non-integer dimension"))];
    }

    /// <summary>
    /// Reads ZeroPadding2D's padding as ((top, bottom), (left, right)); Keras also allows a single integer
    /// for all sides or one integer per axis.
    /// </summary>
    public ((int Top, int Bottom) Rows, (int Left, int Right) Columns) GetPadding2D(string key)
    {
        if (!config.TryGetProperty(key, out var value))
        {
            throw Error($"config has no '{key}'");
        }

        if (TryGetInt(value, out var all))
        {
            return ((all, all), (all, all));
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
        {
            throw Error($"'{key}' is not an integer or a pair");
        }

        return (ReadIntPair(value[0], key), ReadIntPair(value[1], key));
    }

    /// <summary>Fails unless the layer works on channels-last tensors, the only layout Keras exports here.</summary>
    public void RequireChannelsLast()
    {
        var format = GetOptionalString("data_format");
        if (format is not null and not "channels_last")
        {
            throw Error($"data_format '{format}' is not supported, only channels_last");
        }
    }

    private (int, int) ReadIntPair(JsonElement value, string key)
    {
        if (TryGetInt(value, out var both))
        {
            return (both, both);
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
            && TryGetInt(value[0], out var first) && TryGetInt(value[1], out var second))
        {
            return (first, second);
        }

        throw Error($"'{key}' is not an integer or a pair of integers");
    }

    // JsonElement.TryGetInt32 throws rather than returning false when the element is not a number.
    private static bool TryGetInt(JsonElement value, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result);
    }
}
