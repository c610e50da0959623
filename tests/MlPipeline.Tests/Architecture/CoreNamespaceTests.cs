using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// Core's namespaces depend one way: Imaging, Dataset, then Backbones, then Pipeline, then the verbs' areas. Each
/// area may refer only to areas of a lower layer; a new folder must be placed here before it builds on others.
/// </summary>
public sealed class CoreNamespaceTests
{
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        [NamespaceGraph.Root] = 0, // ExitCode, MlPipelineException, IRunResult
        ["IO"] = 0,
        ["Reporting"] = 0,
        ["Onnx"] = 0, // the ONNX IR and the graph builder every area that writes models shares
        ["Imaging"] = 1,
        ["Dataset"] = 2, // doctor decodes images to check them
        ["Backbones"] = 3,
        ["Pipeline"] = 4,
        ["Models"] = 5, // the saved zip: a fitted pipeline plus its manifest
        ["Scoring"] = 6, // the one engine every verb scores images through
        ["Prediction"] = 7,
        ["Evaluation"] = 8, // writes prediction rows for its worst mistakes
        ["Training"] = 9, // reports validation metrics through Evaluation
        ["Export"] = 9,
        ["Quantization"] = 10, // measures both models through Scoring and writes zips through Models
    };

    private static readonly Dictionary<string, SortedSet<string>> Graph =
        NamespaceGraph.Read(Path.Combine(RepositoryRoot.Path, "src", "MlPipeline.Core"));

    [Fact]
    public void Core_has_no_namespace_cycle()
    {
        var cycle = NamespaceGraph.FindCycle(Graph);

        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Every_area_refers_only_to_areas_of_lower_layers()
    {
        Assert.Empty(Graph.Keys.Except(Layers.Keys));
        var backwards = Graph
            .SelectMany(area => area.Value.Where(to => Layers[to] >= Layers[area.Key]).Select(to => $"{area.Key} -> {to}"))
            .ToList();

        Assert.Empty(backwards);
    }

    [Fact]
    public void The_check_sees_the_known_layers_and_would_report_a_cycle()
    {
        Assert.Contains("Backbones", Graph["Pipeline"]);
        Assert.Contains("Pipeline", Graph["Training"]);
        var withCycle = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["Pipeline"] = new(StringComparer.Ordinal) { "Backbones", "Evaluation" },
            ["Evaluation"] = new(StringComparer.Ordinal) { "Prediction" },
            ["Prediction"] = new(StringComparer.Ordinal) { "Pipeline" },
            ["Backbones"] = [],
        };

        Assert.Equal(["Evaluation", "Prediction", "Pipeline", "Evaluation"], NamespaceGraph.FindCycle(withCycle));
    }
}
