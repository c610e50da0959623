namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>What the converted graph does to its input before the first Keras layer.</summary>
public enum InputPreprocessing
{
    /// <summary>The input is fed to the Keras model unchanged (only its layout differs: NCHW instead of NHWC).</summary>
    None,

    /// <summary>
    /// The input is RGB in 0..255 and the graph applies Keras' "caffe" preprocessing itself:
    /// RGB to BGR, then subtraction of the ImageNet BGR means, no scaling.
    /// </summary>
    Caffe,
}
