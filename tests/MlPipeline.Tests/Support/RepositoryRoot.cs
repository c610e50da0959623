namespace MlPipeline.Tests.Support;

/// <summary>The repository checkout the tests run from, found by walking up to MlPipeline.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No MlPipeline.sln above {AppContext.BaseDirectory}.");
    }
}
