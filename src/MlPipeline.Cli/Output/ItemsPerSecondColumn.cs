using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MlPipeline.Cli.Output;

/// <summary>A progress column with the task's throughput in images per second.</summary>
internal sealed class ItemsPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        var speed = task.Speed is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "-";
        return new Text($"{speed} images/s", Style.Plain);
    }
}
