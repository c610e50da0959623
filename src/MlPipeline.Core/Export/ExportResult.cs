namespace MlPipeline.Core.Export;

/// <summary>What <c>export</c> wrote.</summary>
/// <param name="OnnxPath">Full path of the standalone ONNX file.</param>
/// <param name="OnnxBytes">Its size in bytes.</param>
/// <param name="Classes">Class names, the order of the <c>probabilities</c> output and the values of <c>label</c>.</param>
/// <param name="Parity">How closely the ONNX file reproduced the model zip on the check inputs.</param>
/// <param name="WebDirectory">Full path of the browser page folder, or null when none was asked for.</param>
public sealed record ExportResult(string OnnxPath, long OnnxBytes, IReadOnlyList<string> Classes, ParityReport Parity, string? WebDirectory) : IRunResult
{
    /// <inheritdoc/>
    public ExitCode ExitCode => ExitCode.Success;
}
