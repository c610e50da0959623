using System.CommandLine;
using MlPipeline.Cli;
using MlPipeline.Cli.Commands;
using MlPipeline.Core.Backbones;

namespace MlPipeline.Tests.Cli;

/// <summary>Issue 22, item 6: every verb that scores through the backbone cache takes <c>--cache-dir</c> and hands it to its runner.</summary>
public sealed class CacheDirectoryOptionTests
{
    private const string Cache = "/somewhere/cache";

    private static readonly CliConsole Console = new(TextWriter.Null, TextWriter.Null, errorIsTerminal: false);

    [Fact]
    public void Evaluate_passes_the_cache_directory_to_its_options()
    {
        var command = EvaluateCommand.Create(Console, out var bind);

        Assert.Equal(Cache, bind(Parsed(command, "--data", "d", "--cache-dir", Cache)).CacheDirectory);
        Assert.Equal(BackboneCache.DefaultDirectory(), bind(Parsed(command, "--data", "d")).CacheDirectory);
    }

    [Fact]
    public void Predict_passes_the_cache_directory_to_its_options()
    {
        var command = PredictCommand.Create(Console, out var bind);

        Assert.Equal(Cache, bind(Parsed(command, "--input", "i", "--cache-dir", Cache)).CacheDirectory);
        Assert.Equal(BackboneCache.DefaultDirectory(), bind(Parsed(command, "--input", "i")).CacheDirectory);
    }

    [Fact]
    public void Quantize_passes_the_cache_directory_to_its_options()
    {
        var command = QuantizeCommand.Create(Console, out var bind);

        Assert.Equal(Cache, bind(Parsed(command, "--data", "d", "--cache-dir", Cache)).CacheDirectory);
        Assert.Equal(BackboneCache.DefaultDirectory(), bind(Parsed(command, "--data", "d")).CacheDirectory);
    }

    [Fact]
    public void Serve_passes_the_cache_directory_to_its_options()
    {
        var command = ServeCommand.Create(Console, out var bind);

        Assert.Equal(Cache, bind(Parsed(command, "--cache-dir", Cache)).CacheDirectory);
        Assert.Equal(BackboneCache.DefaultDirectory(), bind(Parsed(command)).CacheDirectory);
    }

    [Fact]
    public void Every_verb_that_scores_or_fetches_has_the_option()
    {
        var root = CliApp.BuildRootCommand(Console);
        var without = root.Subcommands.Where(v => v.Options.All(o => o.Name != "--cache-dir")).Select(v => v.Name);

        // doctor reads images only; it never loads a backbone.
        Assert.Equal(["doctor"], without);
    }

    private static ParseResult Parsed(Command command, params string[] args)
    {
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return parse;
    }
}
