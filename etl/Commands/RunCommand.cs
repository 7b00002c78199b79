using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using ScienceWeek.Etl.Jobs;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Warehouse;

namespace ScienceWeek.Etl.Commands;

/// <summary>
/// <c>run</c>: the worker. Quartz with a persistent, clustered job store (qrtz_* tables in the warehouse database, created
/// on start) runs the inbox job every <c>Inbox:IntervalSeconds</c>, which refreshes the marts of what it loaded; several workers on
/// one database share the schedule and never run the inbox job at the same time.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the worker: import the inbox on a schedule and refresh the marts after loads.");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddWarehouse();
        builder.AddImport();
        builder.Services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                // The embedded cluster's address is known only once the warehouse has started, so Quartz takes the
                // warehouse's data source when the scheduler starts rather than a connection string now.
                store.UsePostgres(source => source.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
                store.UseSystemTextJsonSerializer();
                store.UseClustering();
                store.ProvisionSchema();
            });
            q.ScheduleJob<InboxJob>(
                (sp, trigger) => trigger
                    .WithIdentity("inbox-schedule", "etl")
                    .StartNow()
                    .WithSimpleSchedule(s => s
                        .WithInterval(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<InboxOptions>>().Value.IntervalSeconds))
                        .RepeatForever()),
                (_, job) => job.WithIdentity(InboxJob.Key));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        var host = builder.Build();
        try
        {
            await host.Services.StartWarehouseAsync(cancellationToken);
            await host.RunAsync(cancellationToken);
        }
        finally
        {
            // Disposing the host disposes the WarehouseDatabase singleton, which stops the embedded cluster it started.
            await ((IAsyncDisposable)host).DisposeAsync();
        }
        return 0;
    }
}
