namespace MlPipeline.Core.Backbones;

/// <summary>Where downloaded and converted backbones are kept between runs.</summary>
public static class BackboneCache
{
    /// <summary>Environment variable that overrides the cache folder.</summary>
    public const string EnvironmentVariable = "MLPIPELINE_CACHE";

    /// <summary><c>$MLPIPELINE_CACHE</c>, else <c>$XDG_CACHE_HOME/mlpipeline</c>, else <c>~/.cache/mlpipeline</c>.</summary>
    public static string DefaultDirectory()
    {
        var explicitDir = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            return Path.GetFullPath(explicitDir);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "mlpipeline");
    }
}
