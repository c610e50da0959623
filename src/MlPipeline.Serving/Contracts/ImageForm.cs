using Microsoft.AspNetCore.Http;

namespace MlPipeline.Serving.Contracts;

/// <summary>The multipart form of the prediction endpoints, as the API description shows it.</summary>
/// <param name="Image">The image file (<c>/predict</c> reads the field named <c>image</c>; <c>/predict/batch</c> reads every file).</param>
public sealed record ImageForm(IFormFile Image);
