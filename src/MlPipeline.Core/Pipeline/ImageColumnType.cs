using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MlPipeline.Core.Pipeline;

/// <summary>
/// Lets ML.NET map a plain <see cref="MLImage"/> property to an image column of any size. The model takes images of
/// every size (it resizes them), and ML.NET 5's size-less <c>[ImageType]</c> attribute throws when it registers.
/// </summary>
public static class ImageColumnType
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage), (DataViewTypeAttribute?)null);
        return true;
    });

    /// <summary>Registers the mapping once per process; call before loading rows with an MLImage member.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;
}
