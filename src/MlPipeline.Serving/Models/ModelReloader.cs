using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MlPipeline.Serving.Contracts;

namespace MlPipeline.Serving.Models;

/// <summary>
/// Replaces the served model without downtime: on a change to the zip (with <c>--watch</c>), on SIGHUP, or on
/// <c>POST /admin/reload</c>. Reloads run one at a time on a background loop; requests that arrive while one runs
/// are answered by the next, so a burst of file events costs one load. The new model is loaded and checked in full
/// (<see cref="ServedModel.Load"/>) while the old one keeps answering, and only then swapped in.
/// </summary>
internal sealed class ModelReloader : IAsyncDisposable
{
    private readonly string modelPath;
    private readonly string? cacheDirectory;
    private readonly ModelHolder holder;
    private readonly ServeMetrics? metrics;
    private readonly ServeHooks hooks;
    private readonly ILogger logger;
    private readonly Channel<Request> requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileSystemWatcher? watcher;
    private readonly Task loop;
    private (long Length, DateTime WrittenUtc)? seen;

    public ModelReloader(string modelPath, string? cacheDirectory, ModelHolder holder, bool watch, ServeMetrics? metrics, ServeHooks hooks, ILogger logger)
    {
        this.modelPath = Path.GetFullPath(modelPath);
        this.cacheDirectory = cacheDirectory;
        this.holder = holder;
        this.metrics = metrics;
        this.hooks = hooks;
        this.logger = logger;
        seen = Fingerprint(this.modelPath);
        loop = Task.Run(RunAsync);
        if (watch)
        {
            // The whole folder, not only the file: train and quantize replace the zip by renaming a temporary file
            // onto it, and a Kubernetes volume swaps a symlink beside it; the fingerprint tells which events matter.
            watcher = new FileSystemWatcher(Path.GetDirectoryName(this.modelPath)!)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => Enqueue(new Request(false, "watch", null));
            watcher.Created += (_, _) => Enqueue(new Request(false, "watch", null));
            watcher.Renamed += (_, _) => Enqueue(new Request(false, "watch", null));
            // Events were lost (the kernel's queue overflowed): look at the file rather than miss a change.
            watcher.Error += (_, _) => Enqueue(new Request(false, "watch", null));
            watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>Reloads the zip whether or not it changed (SIGHUP); returns at once.</summary>
    public void RequestReload(string trigger) => Enqueue(new Request(true, trigger, null));

    /// <summary>Reloads the zip whether or not it changed and tells how that went.</summary>
    public Task<ReloadOutcome> ReloadAsync(string trigger)
    {
        var done = new TaskCompletionSource<ReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Request(true, trigger, done));
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        watcher?.Dispose();
        requests.Writer.TryComplete();
        await loop;
    }

    private void Enqueue(Request request)
    {
        if (!requests.Writer.TryWrite(request))
        {
            request.Done?.TrySetCanceled();
        }
    }

    private async Task RunAsync()
    {
        List<Request> pending = [];
        while (await requests.Reader.WaitToReadAsync())
        {
            while (requests.Reader.TryRead(out var request))
            {
                pending.Add(request);
            }

            var forced = pending.FirstOrDefault(r => r.Force);
            var outcome = Reload(forced ?? pending[0]);
            pending.ForEach(r => r.Done?.TrySetResult(outcome));
            pending.Clear();
            hooks.Reloaded(outcome);
        }
    }

    private ReloadOutcome Reload(Request request)
    {
        var serving = holder.Current;
        var fingerprint = Fingerprint(modelPath);
        if (!request.Force && (fingerprint is null || fingerprint == seen))
        {
            // A missing file is the middle of a replacement (or a mistake); the model in memory keeps serving.
            return new ReloadOutcome(ReloadResult.Unchanged, serving, null);
        }

        seen = fingerprint;
        try
        {
            var next = ServedModel.Load(modelPath, cacheDirectory);
            if (!request.Force && next.Sha256 == serving.Sha256)
            {
                next.Release();
                holder.Confirmed();
                return new ReloadOutcome(ReloadResult.Unchanged, serving, null);
            }

            holder.Replace(next);
            metrics?.Reloaded(succeeded: true);
            ServeLog.Reloaded(logger, request.Trigger, next.Sha256, next.Description.LoadMilliseconds, serving.Sha256);
            return new ReloadOutcome(ReloadResult.Reloaded, next, null);
        }
        catch (Exception e)
        {
            // Whatever a bad file throws (a truncated zip, a wrong manifest, ONNX Runtime's refusal), the service
            // must outlive it: the model that was serving goes on.
            holder.Refused(new ReloadFailure(DateTimeOffset.UtcNow, e.Message));
            metrics?.Reloaded(succeeded: false);
            ServeLog.ReloadRefused(logger, request.Trigger, serving.Sha256, e.Message);
            return new ReloadOutcome(ReloadResult.Refused, serving, e.Message);
        }
    }

    // Length and write time of the file itself, through symlinks: a renamed-in file or a swapped link changes it.
    private static (long Length, DateTime WrittenUtc)? Fingerprint(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                info = target;
            }

            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Request(bool Force, string Trigger, TaskCompletionSource<ReloadOutcome>? Done);
}
