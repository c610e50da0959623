namespace MlPipeline.Core.Backbones.Conversion;

/// <summary>
/// A Keras model could not be converted: unreadable files, a layer or configuration the converter does
/// not support, or weights that do not match the topology.
/// </summary>
public sealed class KerasConversionException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public KerasConversionException()
    {
    }

    /// <summary>Creates the exception with a message that names what could not be converted.</summary>
    public KerasConversionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public KerasConversionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
