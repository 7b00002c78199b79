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
/// Imports many files: hashing, archiving and reading run in parallel (the CPU-bound part); loads are recorded in the
/// order the files were given, many files per transaction, as one group (<see cref="Importer.Batch"/>), so that of two
/// versions of one form the later one received is the one that ends current; a transaction's checks and commit overlap
/// the recording of the next. A file's line comes out, in order, once its transaction has committed. At most a bounded
/// number of read forms wait for their load.
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
            await loader.CompleteAsync();
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
    /// (<see cref="Importer.Batch.LoadManyAsync"/>) when there are enough of them or the first has waited long enough. A
    /// transaction's checks against other forms and its commit run while the next group is recorded on a connection of its
    /// own: the next group starts only once this one holds its locks and has written its rows, so a later version of a form
    /// still waits for the earlier one's commit and becomes current after it. At most two transactions are open at once.
    /// </summary>
    private sealed class BatchLoader(Importer importer, ImportBatching batching, Func<int, ImportResult?, Exception?, Task> done, CancellationTokenSource stop) : IAsyncDisposable
    {
        private List<(PreparedFile? File, Exception? Failure)> waiting = [];
        private int files;
        private long deadline;
        private int index;
        // The transaction recorded last, still running its checks and commit, with the lines it will hand out.
        private (List<(PreparedFile? File, Exception? Failure)> Lines, Task<Dictionary<int, (ImportResult? Result, Exception? Failure)>> Results)? finishing;

        /// <summary>Waits for <paramref name="task"/>; if the waiting files' time runs out first, records them meanwhile.</summary>
        public async Task WaitAsync(Task task)
        {
            if (finishing is { } previous && !task.IsCompleted)
            {
                // The lines of the transaction finishing come out as soon as it commits, not with the next one.
                await Task.WhenAny(task, previous.Results);
                if (previous.Results.IsCompleted)
                {
                    await HandOutFinishedAsync();
                }
            }
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
                await HandOutFinishedAsync();
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
        /// Records the waiting files in a transaction of their own and leaves its checks and commit running; first hands
        /// out the lines of the transaction before, once it has committed. If a transaction fails, each file in it failed
        /// (they are taken again next time).
        /// </summary>
        public async Task CommitAsync()
        {
            var lines = waiting;
            waiting = [];
            var count = files;
            files = 0;
            Task<Dictionary<int, (ImportResult? Result, Exception? Failure)>> results;
            if (count == 0)
            {
                results = Task.FromResult(new Dictionary<int, (ImportResult? Result, Exception? Failure)>());
            }
            else
            {
                var group = lines.Select((w, i) => (w.File, Index: i)).Where(w => w.File is not null).ToList();
                Importer.Batch? batch = null;
                try
                {
                    batch = await importer.BeginBatchAsync(stop.Token);
                    var outcomes = await batch.LoadManyAsync([.. group.Select(g => g.File!)], stop.Token);
                    results = FinishAsync(batch, [.. group.Select(g => g.Index)], outcomes);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    if (batch is not null)
                    {
                        await batch.DisposeAsync();
                    }
                    results = Task.FromResult(group.ToDictionary(g => g.Index, _ => ((ImportResult?)null, (Exception?)e)));
                }
                catch
                {
                    if (batch is not null)
                    {
                        await batch.DisposeAsync();
                    }
                    throw;
                }
            }
            await HandOutFinishedAsync();
            finishing = (lines, results);
        }

        /// <summary>Hands out the lines of the transaction still finishing, if any, and of every file not recorded.</summary>
        public async Task CompleteAsync()
        {
            if (files > 0 || waiting.Count > 0)
            {
                await CommitAsync();
            }
            await HandOutFinishedAsync();
        }

        /// <summary>The checks against other forms and the commit of a recorded group; disposes of its transaction either way.</summary>
        private async Task<Dictionary<int, (ImportResult? Result, Exception? Failure)>> FinishAsync(
            Importer.Batch batch, IReadOnlyList<int> indexes, IReadOnlyList<(ImportResult? Result, Exception? Failure)> outcomes)
        {
            var results = new Dictionary<int, (ImportResult? Result, Exception? Failure)>();
            try
            {
                var findings = await batch.CommitAsync(stop.Token);
                for (var i = 0; i < indexes.Count; i++)
                {
                    results[indexes[i]] = outcomes[i].Result is { } result ? (findings.AddTo(result), null) : outcomes[i];
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                foreach (var i in indexes)
                {
                    results[i] = (null, e);
                }
            }
            finally
            {
                await batch.DisposeAsync();
            }
            return results;
        }

        private async Task HandOutFinishedAsync()
        {
            if (finishing is not { } previous)
            {
                return;
            }
            finishing = null;
            var results = await previous.Results;
            for (var i = 0; i < previous.Lines.Count; i++)
            {
                var (result, failure) = results.TryGetValue(i, out var recorded) ? recorded : (null, previous.Lines[i].Failure);
                await done(index++, result, failure);
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Stopped early (cancelled, or a line's handler threw): a transaction still finishing ends before the import
            // returns, committed or rolled back; its lines are not handed out, and the ledger has its files either way.
            if (finishing is { } previous)
            {
                finishing = null;
                try
                {
                    await previous.Results;
                }
                catch (OperationCanceledException)
                {
                    // Rolled back with its connection.
                }
            }
        }
    }
}
