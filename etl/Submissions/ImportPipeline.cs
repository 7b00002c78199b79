using System.Threading.Channels;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>One file to take in, with what is known about it besides its content.</summary>
public sealed record ImportWork(string Path, ReadContext Context);

/// <summary>
/// Imports many files: hashing, archiving and reading run in parallel (the CPU-bound part), while loads run one at a
/// time in the order the files were given, so that of two versions of one form the later one received is the one that
/// ends current, and every file's line comes out in order. At most a bounded number of read forms wait for their load.
/// </summary>
public static class ImportPipeline
{
    /// <param name="done">Called in order for each file: its result, or the exception that kept it from being taken in.</param>
    public static async Task RunAsync(Importer importer, IReadOnlyList<ImportWork> files, string channel, int parallelism,
        Func<int, ImportResult?, Exception?, Task> done, CancellationToken cancellationToken)
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
            var index = 0;
            await foreach (var preparation in prepared.Reader.ReadAllAsync(stop.Token))
            {
                ImportResult? result = null;
                Exception? failure = null;
                try
                {
                    result = await importer.LoadAsync(await preparation, stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    failure = e;
                }
                await done(index++, result, failure);
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
}
