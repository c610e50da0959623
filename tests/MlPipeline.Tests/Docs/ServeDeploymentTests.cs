using System.Globalization;
using MlPipeline.Cli;
using MlPipeline.Cli.Commands;
using MlPipeline.Serving;
using MlPipeline.Serving.Http;
using MlPipeline.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace MlPipeline.Tests.Docs;

/// <summary>
/// deploy/serve-deployment.yaml cannot rot silently: its serve arguments parse with the real serve command, and its
/// probes, port, scrape annotation, volumes and grace period agree with what serve does.
/// </summary>
public sealed class ServeDeploymentTests
{
    private static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];

    private static readonly Lazy<List<YamlMappingNode>> Documents = new(() =>
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "deploy", "serve-deployment.yaml"));
        yaml.Load(reader);
        return [.. yaml.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    });

    [Fact]
    public void The_serve_arguments_parse_with_the_serve_command_and_watch_the_model_with_a_key_from_a_secret()
    {
        var options = Options();

        Assert.True(options.Watch);
        Assert.Equal("models", VolumeMountedAt(Container("serve"), options.ModelPath));
        Assert.NotNull(Volume("models")["emptyDir"]);
        Assert.Equal("models", VolumeMountedAt(Container("model-sync"), options.ModelPath));
        Assert.NotNull(Volume(VolumeMountedAt(Container("serve"), options.ApiKeyFile!))["secret"]);
        Assert.Equal(CpuRequest(Container("serve")), options.MaxConcurrency);
    }

    [Fact]
    public void Probes_port_and_scrape_annotation_match_the_served_routes_and_address()
    {
        var serve = Container("serve");
        var port = int.Parse(Scalar(Item((YamlSequenceNode)serve["ports"], "http"), "containerPort")!, CultureInfo.InvariantCulture);

        Assert.EndsWith($":{port}", Assert.Single(Options().UrlList), StringComparison.Ordinal);
        Assert.Equal(InfoEndpoints.HealthPath, Scalar(HttpGet(serve, "livenessProbe"), "path"));
        Assert.Equal(InfoEndpoints.ReadyPath, Scalar(HttpGet(serve, "readinessProbe"), "path"));
        Assert.All(Probes, p => Assert.Equal("http", Scalar(HttpGet(serve, p), "port")));
        var annotations = (YamlMappingNode)((YamlMappingNode)Template()["metadata"])["annotations"];
        Assert.Equal("true", Scalar(annotations, "prometheus.io/scrape"));
        Assert.Equal(ModelServer.MetricsPath, Scalar(annotations, "prometheus.io/path"));
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), Scalar(annotations, "prometheus.io/port"));
        var service = Document("Service");
        Assert.Equal("http", Scalar((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)service["spec"])["ports"])[0], "targetPort"));
    }

    [Fact]
    public void Kubernetes_waits_longer_than_the_drain()
    {
        var grace = int.Parse(Scalar((YamlMappingNode)Template()["spec"], "terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);

        Assert.True(grace > ModelServer.ShutdownTimeout.TotalSeconds, $"{grace} s");
    }

    // The container's args as the CLI would get them after the image's entrypoint (mlpipeline).
    private static ServeOptions Options()
    {
        var args = ((YamlSequenceNode)Container("serve")["args"]).Children.Select(a => ((YamlScalarNode)a).Value!).ToList();
        Assert.Equal("serve", args[0]);
        var command = ServeCommand.Create(new CliConsole(TextWriter.Null, TextWriter.Null, errorIsTerminal: false), out var bind);
        var parse = command.Parse(args[1..]);
        Assert.Empty(parse.Errors);
        Assert.Empty(parse.UnmatchedTokens);
        var options = bind(parse);
        options.Validate();
        return options;
    }

    private static YamlMappingNode Document(string kind) => Assert.Single(Documents.Value, d => Scalar(d, "kind") == kind);

    private static YamlMappingNode Template() => (YamlMappingNode)((YamlMappingNode)Document("Deployment")["spec"])["template"];

    private static YamlMappingNode Container(string name) => Item((YamlSequenceNode)((YamlMappingNode)Template()["spec"])["containers"], name);

    private static YamlMappingNode Volume(string name) => Item((YamlSequenceNode)((YamlMappingNode)Template()["spec"])["volumes"], name);

    private static YamlMappingNode HttpGet(YamlMappingNode container, string probe) => (YamlMappingNode)((YamlMappingNode)container[probe])["httpGet"];

    private static int CpuRequest(YamlMappingNode container) =>
        int.Parse(Scalar((YamlMappingNode)((YamlMappingNode)container["resources"])["requests"], "cpu")!, CultureInfo.InvariantCulture);

    // The volume whose mount holds the path (the mount path is a folder above it).
    private static string VolumeMountedAt(YamlMappingNode container, string path)
    {
        var mount = Assert.Single(((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>(), m => path.StartsWith(Scalar(m, "mountPath") + "/", StringComparison.Ordinal));
        return Scalar(mount, "name")!;
    }

    private static YamlMappingNode Item(YamlSequenceNode list, string name) => Assert.Single(list.Children.Cast<YamlMappingNode>(), i => Scalar(i, "name") == name);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
