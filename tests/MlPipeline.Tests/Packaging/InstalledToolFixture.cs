using System.Runtime.InteropServices;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Packaging;

/// <summary>
/// Packs the CLI exactly as the README says (Release, every platform's package) and installs it into a temporary
/// tool path from that folder alone, as a user on this machine would.
/// </summary>
public sealed class InstalledToolFixture : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    private readonly ScratchFolder _root = new();

    /// <summary>The folder dotnet pack wrote the packages to.</summary>
    public string PackageFolder => _root.File("nupkg");

    /// <summary>The temporary tool path the tool is installed into.</summary>
    public string ToolPath => _root.File("tools");

    /// <summary>The installed command.</summary>
    public string Command => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "mlpipeline.exe" : "mlpipeline");

    /// <summary>What the installed command needs to find the .NET runtime the tests run on.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } =
        new Dictionary<string, string?> { ["DOTNET_ROOT"] = Path.GetDirectoryName(ToolProcess.DotnetHost()) is { Length: > 0 } root ? root : null };

    public async Task InitializeAsync()
    {
        var project = Path.Combine(RepositoryRoot.Path, "src", "MlPipeline.Cli");
        var pack = await Dotnet(["pack", project, "-c", "Release", "-o", PackageFolder]);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);

        // Only the local folder as a source, and a fresh packages folder: a stale MlPipeline of the same version in the
        // user's NuGet cache must not stand in for what was just packed.
        var config = _root.File("nuget.config");
        await File.WriteAllTextAsync(config, "<configuration><packageSources><clear /></packageSources></configuration>");
        var install = await Dotnet(
            ["tool", "install", "MlPipeline", "--tool-path", ToolPath, "--add-source", PackageFolder, "--configfile", config],
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = _root.File("nuget-packages") });
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
    }

    /// <summary>Runs the installed tool.</summary>
    internal Task<CliRun> Run(params string[] args) => ExternalProcess.RunAsync(Command, args, TimeSpan.FromMinutes(5), Environment);

    /// <summary>The platform package dotnet tool install picks on this machine.</summary>
    public static string PlatformPackageId => "MlPipeline." + RuntimeInformation.RuntimeIdentifier;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();

    private static Task<CliRun> Dotnet(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null) =>
        ExternalProcess.RunAsync(ToolProcess.DotnetHost(), args, PackTimeout, environment);
}
