namespace MlPipeline.Core.Dataset;

/// <summary>What a path given in the wrong place most likely is, so the one-line error can say which option wants it.</summary>
public static class DataPathKinds
{
    /// <summary>The message for a file passed where a dataset folder is expected.</summary>
    public static string FileGivenAsData(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return $"{path} is a zip file, not a dataset folder; a model zip goes in --model, and a zip of images must be extracted first.";
        }

        if (extension.Equals(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return $"{path} is an ONNX model, not a dataset; --data takes a folder with one subfolder per class.";
        }

        if (ImageFileTypes.IsImage(path))
        {
            return $"{path} is an image file; --data takes a folder with one subfolder per class (to score one image, use predict --input).";
        }

        return $"{path} is a file; --data takes a folder with one subfolder per class; for a label file use --labels.";
    }

    /// <summary>Whether a folder looks like a dataset (it holds folders or images), for the error when one is passed as --model.</summary>
    public static bool LooksLikeDataset(string folder) =>
        Directory.Exists(folder)
        && (Directory.EnumerateDirectories(folder).Any() || Directory.EnumerateFiles(folder).Any(ImageFileTypes.IsImage));
}
