using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace MlPipeline.Serving.Http;

/// <summary>One uploaded file: its bytes and the name errors and batch results call it by.</summary>
internal sealed record Upload(string Name, byte[] Bytes);

/// <summary>
/// Reads images out of requests: a raw body (<c>image/*</c> or <c>application/octet-stream</c>) or multipart files.
/// Body size is capped by Kestrel (<see cref="ServeOptions.MaxBodyBytes"/>), which fails the read with 413.
/// </summary>
internal static class UploadReader
{
    public const string ImageField = "image";
    private const string RawBodyName = "body";

    /// <summary>The one image of <c>POST /predict</c>.</summary>
    public static async Task<Upload> ReadSingleAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = MediaTypeOf(request);
        if (IsMultipart(mediaType))
        {
            var form = await ReadFormAsync(request, ct);
            var file = form.Files.GetFile(ImageField)
                ?? throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The multipart form has no file field '{ImageField}'.");
            return await ReadFileAsync(file, ct);
        }

        if (!IsRawImage(mediaType))
        {
            throw Unsupported(mediaType, "an image/* or application/octet-stream body, or multipart/form-data");
        }

        if (request.ContentLength is { } length and <= int.MaxValue)
        {
            // One array of the declared size: no growing copies, so a held upload costs what the budget reserved.
            var bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, ct);
            return new Upload(RawBodyName, bytes);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return new Upload(RawBodyName, buffer.ToArray());
    }

    /// <summary>Every file of a multipart <c>POST /predict/batch</c>, in form order.</summary>
    public static async Task<IReadOnlyList<Upload>> ReadManyAsync(HttpRequest request, CancellationToken ct)
    {
        var mediaType = MediaTypeOf(request);
        if (!IsMultipart(mediaType))
        {
            throw Unsupported(mediaType, "multipart/form-data with one file per image");
        }

        var form = await ReadFormAsync(request, ct);
        if (form.Files.Count == 0)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, "The multipart form has no files.");
        }

        List<Upload> uploads = [];
        foreach (var file in form.Files)
        {
            uploads.Add(await ReadFileAsync(file, ct));
        }

        return uploads;
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !ct.IsCancellationRequested && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // BadHttpRequestException is an IOException too: Kestrel's 413 for a body above the limit stays Kestrel's.
            // The form reader's word for a body that ends before its closing boundary, or a part without the blank
            // line after its headers: the client's mistake, not the service's.
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"The multipart body is truncated or malformed: {e.Message}");
        }
    }

    private static async Task<Upload> ReadFileAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return new Upload(string.IsNullOrEmpty(file.FileName) ? file.Name : file.FileName, buffer.ToArray());
    }

    private static string MediaTypeOf(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value ?? "" : "";

    private static bool IsMultipart(string mediaType) =>
        mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    private static bool IsRawImage(string mediaType) =>
        mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    private static RequestRejectedException Unsupported(string mediaType, string expected) =>
        new(StatusCodes.Status415UnsupportedMediaType, $"Content type '{(mediaType.Length == 0 ? "none" : mediaType)}' is not accepted; send {expected}.");
}
