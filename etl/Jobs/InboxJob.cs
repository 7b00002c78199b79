using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Jobs;

/// <summary>
/// Imports whatever waits in the inbox, then refreshes the marts of the regions it loaded. Never two at once,
/// in this process or any other on the same job store; each file's own advisory lock guards the rest.
/// </summary>
[DisallowConcurrentExecution]
public sealed class InboxJob(Inbox inbox, NpgsqlDataSource dataSource, ILogger<InboxJob> logger) : IJob
{
    public static readonly JobKey Key = new("inbox", "etl");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await inbox.ProcessAsync(cancellationToken);
        if (run.Results.Count == 0 && run.Failed == 0)
        {
            return;
        }
        logger.LogInformation("Inbox: {Taken} files taken ({Loaded} loaded, {Superseded} superseded, {Duplicate} duplicates, {Quarantined} quarantined), {Failed} failed, {Pending} pending",
            run.Results.Count,
            run.Results.Count(r => r.Load == LoadOutcome.Loaded),
            run.Results.Count(r => r.Load == LoadOutcome.Superseded),
            run.Results.Count(r => r.Load == LoadOutcome.Duplicate),
            run.Results.Count(r => r.Load == LoadOutcome.Quarantined),
            run.Failed, run.Pending);
        await ImportServices.RefreshLoadedAsync(dataSource, run.Results, cancellationToken);
    }
}
