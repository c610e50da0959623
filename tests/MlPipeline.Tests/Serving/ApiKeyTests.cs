using Microsoft.AspNetCore.Http;
using MlPipeline.Serving.Http;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Serving;

/// <summary>The API key: read from its file without the final newline, admitted only as a Bearer credential.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("Bearer s3cret-key", true)]
    [InlineData("bearer s3cret-key", true)]
    [InlineData("Bearer s3cret-key ", true)]
    [InlineData("Bearer s3cret-kez", false)]
    [InlineData("Bearer s3cret-key2", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic s3cret-key", false)]
    [InlineData("s3cret-key", false)]
    [InlineData("", false)]
    public void Only_the_exact_key_as_a_bearer_credential_is_admitted(string authorization, bool admitted)
    {
        var path = _root.File("key.txt");
        File.WriteAllText(path, "s3cret-key\n");
        var key = ApiKey.FromFile(path);
        var context = new DefaultHttpContext();
        if (authorization.Length > 0)
        {
            context.Request.Headers.Authorization = authorization;
        }

        Assert.Equal(admitted, key.Admits(context.Request));
    }
}
