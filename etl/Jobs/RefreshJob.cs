using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Jobs;

/// <summary>Brings the materialized views the dashboard reads up to date (<c>refresh_marts()</c>) after loads.</summary>
[DisallowConcurrentExecution]
public sealed class RefreshJob(NpgsqlDataSource dataSource, ILogger<RefreshJob> logger) : IJob
{
    public static readonly JobKey Key = new("refresh-marts", "etl");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await ImportServices.RefreshMartsAsync(dataSource, cancellationToken);
        logger.LogInformation("Marts refreshed");
    }
}
