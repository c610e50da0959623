namespace MlPipeline.Tests.Backbones.Conversion;

/// <summary>Hand-written model.json files for layers the TF.js fixtures do not cover.</summary>
internal static class SingleLayerModel
{
    /// <summary>
    /// A functional model in tfjs' own save format, without weights: an 8x8x3 input named "input" followed by
    /// <paramref name="layer"/> (a layer JSON object), which is named <paramref name="layerName"/> and is the model output.
    /// </summary>
    public static string Json(string layerName, string layer) => $$"""
        {
          "format": "layers-model",
          "modelTopology": {
            "class_name": "Functional",
            "config": {
              "name": "single_layer",
              "layers": [
                { "name": "input", "class_name": "InputLayer", "config": { "batch_input_shape": [null, 8, 8, 3] }, "inbound_nodes": [] },
                {{layer}}
              ],
              "input_layers": [["input", 0, 0]],
              "output_layers": [["{{layerName}}", 0, 0]]
            }
          },
          "weightsManifest": [{ "paths": [], "weights": [] }]
        }
        """;
}
