using System.CommandLine;
using MlPipeline.Cli.Output;
using MlPipeline.Core.Export;

namespace MlPipeline.Cli.Commands;

/// <summary><c>export</c>: binds options and hands over to <see cref="ExportRunner"/>.</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var output = new Option<string>("--output", "-o")
        {
            Description = "ONNX file to write: input 'image' uint8 [N, 224, 224, 3] RGB (resize first), outputs 'probabilities' and 'label'.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "model.onnx"),
        };
        var web = new Option<string?>("--web")
        {
            Description = "Also write a static browser page (index.html, the model, onnxruntime-web) to this folder.",
        };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var cache = CommonOptions.CacheDirectory();

        var command = new Command("export", """
            Export a trained model as one self-contained ONNX file for any ONNX Runtime (Python, JavaScript, C#, ...),
            checked against the model zip before it is written; optionally with a static web page that runs it in the browser.
            Example: mlpipeline export --model artifacts/model.zip --output artifacts/model.onnx --web artifacts/web
            """)
        {
            model, output, web, json, quiet, cache,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new ExportOptions(parse.GetValue(model)!, parse.GetValue(output)!, parse.GetValue(web), parse.GetValue(cache)!);
            var asJson = parse.GetValue(json);
            var observer = new ConsoleObserver(console, parse.GetValue(quiet));
            return CommandRunner.RunAsync(console, async () =>
            {
                var result = await new ExportRunner(observer).RunAsync(options, ct);
                ExportResultWriter.Write(console, result, asJson);
                return result;
            });
        });
        return command;
    }
}
