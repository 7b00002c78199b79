using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>One file to take in, with what is known about it besides its content.</summary>
public sealed record ImportWork(string Path, ReadContext Context);

/// <summary>
/// How many files one import transaction takes at most, and for how long it stays open, whichever ends it first. 50
/// files keep a transaction within PostgreSQL's cache of 64 subtransactions per session (one per file's savepoint;
/// past it every other session's snapshots look subtransactions up on disk); a second bounds how long a file waits to be
/// committed and how long the batch's locks keep another importer of the same form waiting.
/// </summary>
public sealed record ImportBatching(int Files = 50, double Seconds = 1.0)
{
    public static ImportBatching Default { get; } = new();
}

/// <summary>
/// Imports many files: hashing, archiving and reading run in parallel (the CPU-bound part); loads run one after another
/// in the order the files were given, many files per transaction with a savepoint each (<see cref="Importer.Batch"/>),
/// so that of two versions of one form the later one received is the one that ends current. A file's line comes out,
/// in order, once its transaction has committed. At most a bounded number of read forms wait for their load.
/// </summary>
public static class ImportPipeline
{
    /// <param name="done">
    /// Called in order for each file, after the commit that recorded it: its result, or the exception that kept it from
    /// being taken in (a failed commit fails every file of its transaction; they are taken again next time).
    /// </param>
    /// <param name="batching">When a transaction of files commits; <see cref="ImportBatching.Default"/> if not given.</param>
    public static async Task RunAsync(Importer importer, IReadOnlyList<ImportWork> files, string channel, int parallelism,
        Func<int, ImportResult?, Exception?, Task> done, CancellationToken cancellationToken, ImportBatching? batching = null)
    {
        batching ??= ImportBatching.Default;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var prepared = Channel.CreateBounded<Task<PreparedFile>>(new BoundedChannelOptions(Math.Max(4, parallelism * 4)) { SingleReader = true, SingleWriter = true });
        using var slots = new SemaphoreSlim(parallelism);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var file in files)
                {
                    await slots.WaitAsync(stop.Token);
                    var preparation = Task.Run(async () =>
                    {
                        try
                        {
                            return await importer.PrepareAsync(file.Path, file.Context, channel, stop.Token);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }, stop.Token);
                    await prepared.Writer.WriteAsync(preparation, stop.Token);
                }
                prepared.Writer.Complete();
            }
            catch (Exception e)
            {
                prepared.Writer.Complete(e);
            }
        }, stop.Token);

        var loader = new BatchLoader(importer, batching, done, stop);
        try
        {
            while (true)
            {
                var more = prepared.Reader.WaitToReadAsync(stop.Token).AsTask();
                await loader.WaitAsync(more);
                if (!await more)
                {
                    break;
                }
                if (!prepared.Reader.TryRead(out var preparation))
                {
                    continue;
                }
                await loader.WaitAsync(preparation);
                PreparedFile file;
                try
                {
                    file = await preparation;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    await loader.FailAsync(e);
                    continue;
                }
                await loader.LoadAsync(file);
            }
            await loader.CommitAsync();
        }
        finally
        {
            await loader.DisposeAsync();
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
                // The producer stops with the loads.
            }
        }
    }

    /// <summary>The open transaction of files and the results that wait for its commit, in the order of the files.</summary>
    private sealed class BatchLoader(Importer importer, ImportBatching batching, Func<int, ImportResult?, Exception?, Task> done, CancellationTokenSource stop) : IAsyncDisposable
    {
        private readonly List<(ImportResult? Result, Exception? Failure)> waiting = [];
        private Importer.Batch? batch;
        private long deadline;
        private int index;

        /// <summary>Waits for <paramref name="task"/>; if the open transaction's time runs out first, commits it meanwhile.</summary>
        public async Task WaitAsync(Task task)
        {
            if (task.IsCompleted || waiting.Count == 0)
            {
                return;
            }
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left > TimeSpan.Zero)
            {
                await Task.WhenAny(task, Task.Delay(left, stop.Token));
            }
            if (!task.IsCompleted)
            {
                await CommitAsync();
            }
        }

        /// <summary>A file that could not be prepared: its line waits for the files before it.</summary>
        public Task FailAsync(Exception failure) => AddAsync(null, failure);

        public async Task LoadAsync(PreparedFile file)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    if (batch is null)
                    {
                        batch = await importer.BeginBatchAsync(stop.Token);
                        deadline = Stopwatch.GetTimestamp() + (long)(batching.Seconds * Stopwatch.Frequency);
                    }
                    await AddAsync(await batch.LoadAsync(file, stop.Token), null);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt == 0 && batch is { IsUsable: true, Count: > 0 })
                {
                    // Another importer waits for a lock this transaction holds while holding one this file needs: commit the
                    // files so far (releasing their locks) and take this file again in a transaction of its own.
                    await CommitAsync();
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    await AddAsync(null, e);
                }
                break;
            }
            if (batch is not null && (!batch.IsUsable || batch.Count >= batching.Files || Stopwatch.GetTimestamp() >= deadline))
            {
                await CommitAsync();
            }
        }

        /// <summary>Commits the open transaction, then hands out every waiting line; if the commit fails, each file in it failed.</summary>
        public async Task CommitAsync()
        {
            if (batch is not null)
            {
                try
                {
                    var findings = await batch.CommitAsync(stop.Token);
                    for (var i = 0; i < waiting.Count; i++)
                    {
                        if (waiting[i].Result is { } result)
                        {
                            waiting[i] = (findings.AddTo(result), null);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    for (var i = 0; i < waiting.Count; i++)
                    {
                        if (waiting[i].Result is not null)
                        {
                            waiting[i] = (null, e);
                        }
                    }
                }
                finally
                {
                    await batch.DisposeAsync();
                    batch = null;
                }
            }
            foreach (var (result, failure) in waiting)
            {
                await done(index++, result, failure);
            }
            waiting.Clear();
        }

        private async Task AddAsync(ImportResult? result, Exception? failure)
        {
            if (batch is null && waiting.Count == 0)
            {
                await done(index++, result, failure);
            }
            else
            {
                waiting.Add((result, failure));
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Not committed (cancelled, or a line's handler threw): the open transaction rolls back.
            if (batch is not null)
            {
                await batch.DisposeAsync();
            }
        }
    }
}
