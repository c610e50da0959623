using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Architecture;

/// <summary>
/// Core's namespaces depend one way: the root types and Reporting, then Onnx, IO and Imaging, Dataset, then
/// Dataset.LabelFiles, Dataset.Sources and Dataset.Health beside Backbones.Conversion and Backbones, then Pipeline,
/// Models and Scoring, then the verbs' areas, each a stack of its own (Evaluation.Metrics, Evaluation.Comparison,
/// Evaluation.Reports, then the evaluate verb's Evaluation). Every namespace, a child as much as its parent, may refer
/// only to namespaces of a lower layer; a child sits above its parent (the verb built from its parts) or below it (a
/// part the parent uses), never both. A new namespace must be placed here before it builds on others.
/// </summary>
public sealed class CoreNamespaceTests
{
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        [NamespaceGraph.Root] = 0, // ExitCode, MlPipelineException, IRunResult, ToolInfo, ContentHash
        ["Reporting"] = 0,
        ["Onnx"] = 1, // the ONNX IR and the graph builder every area that writes models shares (its producer is ToolInfo)
        ["IO"] = 1, // its writes fail with the root's MlPipelineException
        ["Imaging"] = 1,
        ["Dataset"] = 2, // its health checks decode images
        ["Dataset.LabelFiles"] = 3, // a CSV or TSV of path and label, read into the same dataset a folder scan gives
        ["Dataset.Sources"] = 4, // where a verb's data comes from: a folder, a label file, a split root
        ["Dataset.Health"] = 5, // doctor, built on the dataset's scan and split
        ["Backbones.Conversion"] = 3, // Keras to ONNX, knowing nothing of the catalog that uses it
        ["Backbones"] = 4,
        ["Pipeline"] = 5,
        ["Models"] = 6, // the saved zip: a fitted pipeline plus its manifest
        ["Scoring"] = 7, // the one engine every verb scores images through
        ["Evaluation.Metrics"] = 8, // what an evaluation measures, shared by evaluate, train and export
        ["Prediction.Sharding"] = 8,
        ["Training.Graphs"] = 8,
        ["Evaluation.Comparison"] = 9,
        ["Prediction.Output"] = 9, // the rows predict writes, and reading them back to resume
        ["Training.FineTuning"] = 9, // runs the graphs Training.Graphs derives
        ["Evaluation.Reports"] = 10, // what an evaluation run found, and the files written from it
        ["Prediction"] = 10, // the predict verb
        ["Evaluation"] = 11, // the evaluate verb
        ["Training"] = 11, // the train verb; reports validation metrics through Evaluation.Reports
        ["Export"] = 11,
        ["Quantization"] = 12, // measures both models through Scoring and writes zips through Models
    };

    private static readonly Dictionary<string, string> Sources = NamespaceGraph.SourcesIn(Path.Combine(RepositoryRoot.Path, "src", "MlPipeline.Core"));

    private static readonly Dictionary<string, SortedSet<string>> Graph = NamespaceGraph.Read(Sources);

    [Fact]
    public void Core_has_no_namespace_cycle()
    {
        var cycle = NamespaceGraph.FindCycle(Graph);

        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Every_namespace_refers_only_to_namespaces_of_lower_layers()
    {
        Assert.Empty(Graph.Keys.Except(Layers.Keys));

        var backwards = BackwardReferences(Sources, Layers);

        Assert.True(backwards.Count == 0, string.Join('\n', backwards));
    }

    [Fact]
    public void The_check_sees_the_known_layers_and_would_report_a_cycle()
    {
        Assert.Contains("Backbones", Graph["Pipeline"]);
        Assert.Contains("Pipeline", Graph["Training"]);
        Assert.Contains("Backbones.Conversion", Graph["Backbones"]);
        Assert.Contains(NamespaceGraph.Root, Graph["Dataset.Health"]);
        var withCycle = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            ["Pipeline"] = new(StringComparer.Ordinal) { "Backbones", "Evaluation" },
            ["Evaluation"] = new(StringComparer.Ordinal) { "Prediction" },
            ["Prediction"] = new(StringComparer.Ordinal) { "Pipeline" },
            ["Backbones"] = [],
        };

        Assert.Equal(["Evaluation", "Prediction", "Pipeline", "Evaluation"], NamespaceGraph.FindCycle(withCycle));
    }

    [Fact]
    public void A_parent_and_child_that_use_each_other_fail_the_check()
    {
        // The child names its parent's type plainly, with no using: C# finds it in the enclosing namespace.
        var planted = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Alpha/Parent.cs"] = "using MlPipeline.Core.Alpha.Beta;\n\nnamespace MlPipeline.Core.Alpha;\n\npublic sealed record Parent(Child Child);\n",
            ["Alpha/Beta/Child.cs"] = "namespace MlPipeline.Core.Alpha.Beta;\n\npublic sealed record Child(int Size)\n{\n    public Parent? Owner { get; init; }\n}\n",
        };
        var layers = new Dictionary<string, int>(StringComparer.Ordinal) { ["Alpha"] = 1, ["Alpha.Beta"] = 0 };

        Assert.Equal(["Alpha", "Alpha.Beta", "Alpha"], NamespaceGraph.FindCycle(NamespaceGraph.Read(planted)));
        Assert.Equal(["Alpha.Beta -> Alpha (Alpha/Beta/Child.cs: Parent)"], BackwardReferences(planted, layers));
    }

    [Theory]
    [InlineData("MlPipeline.Core.Training", "Graphs.UnfreezeMode")]
    [InlineData("MlPipeline.Core.Imaging", "Training.Graphs.UnfreezeMode")]
    [InlineData("MlPipeline.Core.Imaging", "Core.Training.Graphs.UnfreezeMode")]
    [InlineData("MlPipeline.Core.Imaging", "global::MlPipeline.Core.Training.Graphs.UnfreezeMode")]
    public void A_partly_qualified_reference_upwards_fails_the_check(string from, string reference)
    {
        var planted = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Low.cs"] = $"namespace {from};\n\npublic sealed record Settings({reference} Unfreeze);\n",
            ["Training/Graphs/UnfreezeMode.cs"] = "namespace MlPipeline.Core.Training.Graphs;\n\npublic enum UnfreezeMode\n{\n    None,\n}\n",
        };
        var layers = new Dictionary<string, int>(StringComparer.Ordinal) { [from[(from.LastIndexOf('.') + 1)..]] = 0, ["Training.Graphs"] = 1 };

        Assert.Equal([$"{layers.Keys.First()} -> Training.Graphs (Low.cs: {reference})"], BackwardReferences(planted, layers));
    }

    [Fact]
    public void A_partly_qualified_reference_to_a_type_the_proto_declares_is_seen()
    {
        // The ONNX messages have no C# source in the tree: the index learns them from the proto itself.
        var planted = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Reporting/Table.cs"] = "namespace MlPipeline.Core.Reporting;\n\npublic sealed record Table(Onnx.TensorProto.Types.DataType Element);\n",
            ["Onnx/onnx.proto"] = "syntax = \"proto3\";\n\noption csharp_namespace = \"MlPipeline.Core.Onnx\";\n\nmessage TensorProto {\n  enum DataType { UNDEFINED = 0; }\n}\n",
            ["Onnx/Builder.cs"] = "namespace MlPipeline.Core.Onnx;\n\npublic static class Builder;\n",
        };
        var layers = new Dictionary<string, int>(StringComparer.Ordinal) { ["Reporting"] = 0, ["Onnx"] = 1 };

        Assert.Equal(["Reporting -> Onnx (Reporting/Table.cs: Onnx.TensorProto.Types.DataType)"], BackwardReferences(planted, layers));
    }

    [Fact]
    public void Doc_references_and_interpolation_holes_count_but_prose_and_text_do_not()
    {
        var planted = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Models/Zip.cs"] = """
                namespace MlPipeline.Core.Models;

                // Not a reference: Scoring.ScoringEngine.
                /// <summary>Read by <see cref="Scoring.ScoringEngine"/>; mentioning Training.Graphs.UnfreezeMode here is prose.</summary>
                public static class Zip
                {
                    public static string Describe(int n) => $"{n} images, see {Export.ExportRunner.Name} and not Training.Graphs.UnfreezeMode";
                }
                """,
            ["Scoring/ScoringEngine.cs"] = "namespace MlPipeline.Core.Scoring;\n\npublic sealed class ScoringEngine;\n",
            ["Export/ExportRunner.cs"] = "namespace MlPipeline.Core.Export;\n\npublic static class ExportRunner\n{\n    public const string Name = \"export\";\n}\n",
            ["Training/Graphs/UnfreezeMode.cs"] = "namespace MlPipeline.Core.Training.Graphs;\n\npublic enum UnfreezeMode\n{\n    None,\n}\n",
        };

        Assert.Equal(["Export", "Scoring"], NamespaceGraph.Read(planted)["Models"]);
    }

    /// <summary>Each reference from a namespace to one of the same or a higher layer, with where it is made.</summary>
    private static List<string> BackwardReferences(Dictionary<string, string> files, Dictionary<string, int> layers) =>
        [.. NamespaceGraph.References(files)
            .Where(r => layers[r.To] >= layers[r.From])
            .Select(r => r.ToString())
            .Distinct()];
}
