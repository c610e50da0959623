using MlPipeline.Core.Prediction;
using MlPipeline.Tests.Dataset;
using MlPipeline.Tests.Support;

namespace MlPipeline.Tests.Prediction;

/// <summary>Issue 8, defect 7: a file whose name is not UTF-8 is an input (it gets an error row), never dropped.</summary>
public sealed class UndecodableNameInputTests : IDisposable
{
    private readonly ScratchFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void A_name_that_is_not_utf8_is_still_an_input_shown_with_a_replacement_character()
    {
        File.WriteAllBytes(_root.File("a.jpg"), [1]);
        SymlinkScanTests.WriteRawName(_root.Path, [(byte)'b', 0xC3, 0x28, .. ".jpg"u8]);

        var inputs = PredictionInputs.Resolve(_root.Path, recursive: false);

        Assert.Equal(["a.jpg", "b\uFFFD(.jpg"], inputs.Select(i => i.RelativePath));
    }
}
