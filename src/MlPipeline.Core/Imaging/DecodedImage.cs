using Microsoft.ML.Data;

namespace MlPipeline.Core.Imaging;

/// <summary>An image read from disk, upright, RGB, at the backbone's input size.</summary>
/// <param name="Image">Pixels ready for the model; the caller disposes it.</param>
/// <param name="ContentSha256">Hash of the file's bytes, for dataset fingerprints.</param>
public sealed record DecodedImage(MLImage Image, string ContentSha256);
