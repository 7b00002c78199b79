using System.Threading.Channels;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>One file to take in, with what is known about it besides its content.</summary>
public sealed record ImportWork(string Path, ReadContext Context);

/// <summary>
/// Imports many files: hashing, archiving and reading run in parallel (the CPU-bound part); loads run on a few connections
/// at once, but one at a time per form (unit, form kind, year) in the order the files were given, so that of two versions
/// of one form the later one received is the one that ends current; every file's line comes out in order. At most a bounded number of read forms wait for their load.
/// </summary>
public static class ImportPipeline
{
    /// <param name="done">Called in order for each file: its result, or the exception that kept it from being taken in.</param>
    /// <param name="loaders">How many loads run at once, each on its own connection and transaction.</param>
    public static async Task RunAsync(Importer importer, IReadOnlyList<ImportWork> files, string channel, int parallelism,
        Func<int, ImportResult?, Exception?, Task> done, CancellationToken cancellationToken, int loaders = 4)
    {
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

        try
        {
            // Loads run on several connections at once (their commits share the WAL flushes), except that a form's load
            // waits for the load of any earlier file of the same unit, form and year: versions become current in order.
            var index = 0;
            var loads = new Queue<Task<(ImportResult? Result, Exception? Failure)>>();
            var lastOfForm = new Dictionary<string, Task>(StringComparer.Ordinal);
            using var loadSlots = new SemaphoreSlim(loaders);
            async Task EmitAsync()
            {
                var (result, failure) = await loads.Dequeue();
                await done(index++, result, failure);
            }
            await foreach (var preparation in prepared.Reader.ReadAllAsync(stop.Token))
            {
                PreparedFile file;
                try
                {
                    file = await preparation;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    loads.Enqueue(Task.FromResult<(ImportResult?, Exception?)>((null, e)));
                    continue;
                }
                var form = file.Form.IsRejected || file.Form.Unit is null ? null : $"{file.Form.Unit.Code}|{file.Form.Form}|{file.Form.Year}";
                var earlier = form is not null && lastOfForm.TryGetValue(form, out var last) ? last : Task.CompletedTask;
                await loadSlots.WaitAsync(stop.Token);
                var load = LoadAfterAsync(importer, file, earlier, loadSlots, stop.Token);
                if (form is not null)
                {
                    lastOfForm[form] = load;
                }
                loads.Enqueue(load);
                while (loads.Count > 0 && (loads.Peek().IsCompleted || loads.Count > loaders * 8))
                {
                    await EmitAsync();
                }
            }
            while (loads.Count > 0)
            {
                await EmitAsync();
            }
        }
        finally
        {
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

    private static async Task<(ImportResult?, Exception?)> LoadAfterAsync(Importer importer, PreparedFile file, Task earlier, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await earlier;
            return (await importer.LoadAsync(file, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, e);
        }
        finally
        {
            slots.Release();
        }
    }
}
