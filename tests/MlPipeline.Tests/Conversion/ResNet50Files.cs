namespace MlPipeline.Tests.Conversion;

/// <summary>Where the tests find the real Keras ResNet-50 (TF.js layers format) that the converter is checked against.</summary>
internal static class ResNet50Files
{
    private const string DefaultModelJson = "/tmp/probe/npm/package/ResNet50/model.json";

    public static string ModelJsonPath() =>
        Environment.GetEnvironmentVariable("MLPIPELINE_RESNET50_MODELJSON") is { Length: > 0 } path ? path : DefaultModelJson;
}
