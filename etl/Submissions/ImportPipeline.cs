using System.Diagnostics;
using System.Threading.Channels;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>One file to take in, with what is known about it besides its content.</summary>
public sealed record ImportWork(string Path, ReadContext Context);

/// <summary>
/// How many files one import transaction takes at most, and for how long it stays open, whichever ends it first. A
/// transaction's files are recorded as one group under one savepoint; if the warehouse refuses the group, each file is
/// taken again under a savepoint of its own, and 50 files keep that within PostgreSQL's cache of 64 subtransactions per
/// session (past it every other session's snapshots look subtransactions up on disk); a second bounds how long a file
/// waits to be committed and how long the transaction's locks keep another importer of the same form waiting.
/// </summary>
public sealed record ImportBatching(int Files = 50, double Seconds = 1.0)
{
    public static ImportBatching Default { get; } = new();
}

/// <summary>
/// Imports many files: hashing, archiving and reading run in parallel (the CPU-bound part); loads run one after another
/// in the order the files were given, many files per transaction, recorded as one group (<see cref="Importer.Batch"/>),
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
        // Room for two transactions' worth of files, so that reading goes on while a transaction is recorded.
        var prepared = Channel.CreateBounded<Task<PreparedFile>>(new BoundedChannelOptions(Math.Max(parallelism * 4, batching.Files * 2)) { SingleReader = true, SingleWriter = true });
        // The files to prepare go to threads of their own: preparing blocks (the reader waits for its parse with a time
        // limit), and blocked pool threads would make the pool add threads that spin. Each file's task goes into the
        // channel in the order of the files, so lines come out in that order whichever thread finishes first.
        var work = Channel.CreateUnbounded<(ImportWork File, TaskCompletionSource<PreparedFile> Prepared)>(new UnboundedChannelOptions { SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var file in files)
                {
                    var preparation = new TaskCompletionSource<PreparedFile>(TaskCreationOptions.RunContinuationsAsynchronously);
                    await prepared.Writer.WriteAsync(preparation.Task, stop.Token);
                    work.Writer.TryWrite((file, preparation));
                }
                prepared.Writer.Complete();
            }
            catch (Exception e)
            {
                prepared.Writer.Complete(e);
            }
            finally
            {
                work.Writer.Complete();
            }
        }, stop.Token);
        for (var i = 0; i < parallelism; i++)
        {
            new Thread(() => Prepare(importer, work.Reader, channel, stop.Token)) { IsBackground = true, Name = $"import-prepare-{i + 1}" }.Start();
        }

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

    /// <summary>Prepares files (hash, archive, read) one after another until there are none left or the import stops.</summary>
    private static void Prepare(Importer importer, ChannelReader<(ImportWork File, TaskCompletionSource<PreparedFile> Prepared)> work, string channel, CancellationToken stop)
    {
        try
        {
            while (work.WaitToReadAsync(stop).AsTask().GetAwaiter().GetResult())
            {
                while (work.TryRead(out var next))
                {
                    try
                    {
                        next.Prepared.SetResult(importer.PrepareAsync(next.File.Path, next.File.Context, channel, stop).GetAwaiter().GetResult());
                    }
                    catch (Exception e)
                    {
                        next.Prepared.SetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The import stopped; the files not prepared are not waited for.
        }
    }

    /// <summary>
    /// The files read and waiting to be recorded, in the order of the files: recorded as one group in one transaction
    /// (<see cref="Importer.Batch.LoadManyAsync"/>) when there are enough of them or the first has waited long enough.
    /// </summary>
    private sealed class BatchLoader(Importer importer, ImportBatching batching, Func<int, ImportResult?, Exception?, Task> done, CancellationTokenSource stop) : IAsyncDisposable
    {
        private readonly List<(PreparedFile? File, Exception? Failure)> waiting = [];
        private int files;
        private long deadline;
        private int index;

        /// <summary>Waits for <paramref name="task"/>; if the waiting files' time runs out first, records them meanwhile.</summary>
        public async Task WaitAsync(Task task)
        {
            if (task.IsCompleted || files == 0)
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
        public async Task FailAsync(Exception failure)
        {
            if (waiting.Count == 0)
            {
                await done(index++, null, failure);
            }
            else
            {
                waiting.Add((null, failure));
            }
        }

        public async Task LoadAsync(PreparedFile file)
        {
            if (files == 0)
            {
                deadline = Stopwatch.GetTimestamp() + (long)(batching.Seconds * Stopwatch.Frequency);
            }
            waiting.Add((file, null));
            files++;
            if (files >= batching.Files || Stopwatch.GetTimestamp() >= deadline)
            {
                await CommitAsync();
            }
        }

        /// <summary>
        /// Records the waiting files in one transaction and commits it, then hands out every waiting line in order; if the
        /// transaction fails, each file in it failed (they are taken again next time).
        /// </summary>
        public async Task CommitAsync()
        {
            var results = new Dictionary<int, (ImportResult? Result, Exception? Failure)>();
            if (files > 0)
            {
                var group = waiting.Select((w, i) => (w.File, Index: i)).Where(w => w.File is not null).ToList();
                try
                {
                    await using var batch = await importer.BeginBatchAsync(stop.Token);
                    var outcomes = await batch.LoadManyAsync([.. group.Select(g => g.File!)], stop.Token);
                    var findings = await batch.CommitAsync(stop.Token);
                    for (var i = 0; i < group.Count; i++)
                    {
                        results[group[i].Index] = outcomes[i].Result is { } result ? (findings.AddTo(result), null) : outcomes[i];
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    foreach (var g in group)
                    {
                        results[g.Index] = (null, e);
                    }
                }
            }
            for (var i = 0; i < waiting.Count; i++)
            {
                var (result, failure) = results.TryGetValue(i, out var recorded) ? recorded : (null, waiting[i].Failure);
                await done(index++, result, failure);
            }
            waiting.Clear();
            files = 0;
        }

        public ValueTask DisposeAsync() =>
            // Files not recorded (cancelled, or a line's handler threw) were never in an open transaction.
            ValueTask.CompletedTask;
    }
}
