using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MlPipeline.Serving.Http;

/// <summary>
/// The request bodies of the prediction endpoints in the API description. They read the body themselves (raw or
/// multipart), so there is no parameter to infer it from; and <c>Accepts</c> metadata would make routing refuse
/// other content types before the endpoint can say why.
/// </summary>
internal static class OpenApiBodies
{
    private static readonly string[] RawTypes = ["image/png", "image/jpeg", "image/bmp", "image/gif", "image/webp", "application/octet-stream"];

    /// <summary><c>/predict</c>: one raw image, or a form with a file field <c>image</c>.</summary>
    public static Task OneImage(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var content = RawTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = Binary() });
        content["multipart/form-data"] = Form("The image, in the field named 'image'.");
        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        return Task.CompletedTask;
    }

    /// <summary><c>/predict/batch</c>: a form with one file per image, under any field names.</summary>
    public static Task ManyImages(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = Form("One file per image; any field names, answered in form order.") },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };

    private static OpenApiMediaType Form(string description) => new()
    {
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = description,
            Properties = new Dictionary<string, IOpenApiSchema> { [UploadReader.ImageField] = Binary() },
        },
    };
}
