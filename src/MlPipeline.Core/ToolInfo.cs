namespace MlPipeline.Core;

/// <summary>What the tool calls itself in what it writes: manifests, exported metadata, ONNX producers.</summary>
public static class ToolInfo
{
    /// <summary>The command's name.</summary>
    public const string Name = "mlpipeline";

    /// <summary>The tool's version, major.minor.patch.</summary>
    public static string Version { get; } = typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
