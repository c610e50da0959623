using Microsoft.Extensions.Hosting;

namespace MlPipeline.Serving;

/// <summary>
/// The host's lifetime when its caller owns the process's signals. The CLI handles SIGINT and SIGTERM itself and
/// cancels the token serve waits on; the default console lifetime would register a second SIGINT handler that
/// stops the host synchronously on the runtime's signal thread, and under load that blocked the CLI's own
/// handler: no drain and no forced exit (the serve process tests, with both cores busy).
/// </summary>
internal sealed class CallerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
