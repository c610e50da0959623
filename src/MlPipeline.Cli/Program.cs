using MlPipeline.Cli;

return await CliApp.RunAsync(args, CliConsole.FromSystemConsole());
